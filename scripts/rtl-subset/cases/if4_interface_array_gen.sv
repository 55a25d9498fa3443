// SPDX-License-Identifier: Apache-2.0
// CASE: array of interface instances indexed inside a generate loop
// VERDICT: forbidden(interface)
`default_nettype none
interface if4_bus;
  logic [3:0] data;
endinterface
module top (
  input  logic [15:0] d_i,
  output logic [15:0] y_o
);
  if4_bus b [4] ();
  for (genvar i = 0; i < 4; i++) begin : gen_lane
    assign b[i].data = d_i[4*i +: 4] + 4'd1;
    assign y_o[4*i +: 4] = b[3-i].data;
  end
endmodule
