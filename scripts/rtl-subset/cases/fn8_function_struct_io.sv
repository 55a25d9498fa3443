// SPDX-License-Identifier: Apache-2.0
// CASE: function taking and returning a packed struct
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] d_i,
  output logic [15:0] y_o
);
  typedef struct packed {
    logic [7:0] a;
    logic [7:0] b;
  } pair_t;
  function automatic pair_t swap_add(pair_t p);
    pair_t r;
    r.a = p.b;
    r.b = p.a + p.b;
    return r;
  endfunction
  assign y_o = swap_add(pair_t'(d_i));
endmodule
