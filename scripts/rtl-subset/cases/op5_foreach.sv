// SPDX-License-Identifier: Apache-2.0
// CASE: foreach over an unpacked array in always_comb
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] a_i,
  output logic [5:0]  y_o
);
  logic [3:0] nib [4];
  always_comb begin
    for (int i = 0; i < 4; i++) nib[i] = a_i[4*i +: 4];
  end
  always_comb begin
    y_o = '0;
    foreach (nib[i]) y_o += 6'(nib[i]);
  end
endmodule
