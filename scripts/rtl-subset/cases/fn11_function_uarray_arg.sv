// SPDX-License-Identifier: Apache-2.0
// CASE: function reading a module-level unpacked array through a variable index argument
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [1:0] wa_i,
  input  logic [1:0] ra_i,
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  logic [7:0] regs_q [4];
  always_ff @(posedge clk_i) if (we_i) regs_q[wa_i] <= d_i;
  function automatic logic [7:0] pick(logic [1:0] i);
    return regs_q[i] ^ regs_q[~i];
  endfunction
  assign y_o = pick(ra_i);
endmodule
