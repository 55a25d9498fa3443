// SPDX-License-Identifier: Apache-2.0
// CASE: function returning a struct built from an assignment pattern
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  a_i,
  output logic [15:0] y_o
);
  typedef struct packed {
    logic [7:0] sum;
    logic [7:0] inv;
  } res_t;
  function automatic res_t make(logic [7:0] a);
    return '{sum: a + 8'd3, inv: ~a};
  endfunction
  assign y_o = make(a_i);
endmodule
