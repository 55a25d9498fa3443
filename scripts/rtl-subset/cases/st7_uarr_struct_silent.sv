// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs written and read whole; Yosys 0.23 drops the unpacked dimension
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [2:0] wa_i,
  input  logic [2:0] ra_i,
  input  logic [15:0] d_i,
  output logic [15:0] y_o
);
  typedef struct packed {
    logic [7:0] a;
    logic [7:0] b;
  } s_t;
  s_t arr [8];
  always_ff @(posedge clk_i) if (we_i) arr[wa_i] <= d_i;
  assign y_o = arr[ra_i];
endmodule
