// SPDX-License-Identifier: Apache-2.0
// CASE: type parameter overridden with a struct type; $bits(T) inside the child
// VERDICT: allowed
`default_nettype none
package tp2_pkg;
  typedef struct packed {
    logic [2:0] id;
    logic [9:0] len;
  } hdr_t;
endpackage
module tp2_fifo1 #(
  parameter type T = logic
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic we_i,
  input  T     d_i,
  output T     q_o,
  output logic [7:0] w_o
);
  T data_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) data_q <= T'(0);
    else if (we_i) data_q <= d_i;
  end
  assign q_o = data_q;
  assign w_o = 8'($bits(T));
endmodule
module top (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           we_i,
  input  tp2_pkg::hdr_t  d_i,
  output tp2_pkg::hdr_t  q_o,
  output logic [7:0]     w_o
);
  tp2_fifo1 #(.T(tp2_pkg::hdr_t)) u_f (
    .clk_i(clk_i), .rst_ni(rst_ni), .we_i(we_i), .d_i(d_i), .q_o(q_o), .w_o(w_o)
  );
endmodule
