// SPDX-License-Identifier: Apache-2.0
// CASE: generate for with a nested generate if, named blocks
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  for (genvar i = 0; i < 8; i++) begin : gen_bit
    if (i % 2 == 0) begin : gen_even
      assign y_o[i] = a_i[i] ^ a_i[7-i];
    end else begin : gen_odd
      assign y_o[i] = ~a_i[i];
    end
  end
endmodule
