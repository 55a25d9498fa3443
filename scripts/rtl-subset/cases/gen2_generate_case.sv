// SPDX-License-Identifier: Apache-2.0
// CASE: generate case on a parameter
// VERDICT: allowed
`default_nettype none
module top #(
  parameter int unsigned Mode = 2
) (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  case (Mode)
    0: begin : gen_add
      assign y_o = a_i + b_i;
    end
    1: begin : gen_sub
      assign y_o = a_i - b_i;
    end
    default: begin : gen_mix
      assign y_o = (a_i << 1) ^ b_i;
    end
  endcase
endmodule
