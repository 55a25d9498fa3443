// SPDX-License-Identifier: Apache-2.0
// CASE: the real ABI enums (baton_abi_pkg: drop_reason_e, thread_op_e) in a struct port and a case
// FILES: rtl/pkg/baton_abi_pkg.sv rtl/pkg/baton_pkg.sv
// VERDICT: allowed
`default_nettype none
module top (
  input  baton_pkg::thread_op_t op_i,
  output logic [7:0]            code_o,
  output logic                  bad_o,
  output logic                  par_o
);
  // Parity over the whole context so that every field of the port is used.
  assign par_o = ^{op_i.ctx, baton_pkg::CtxW[0]};
  always_comb begin
    code_o = 8'h00;
    unique case (op_i.op)
      baton_abi_pkg::OpDrop:    code_o = op_i.arg;
      baton_abi_pkg::OpSend:    code_o = 8'h10 | op_i.arg;
      baton_abi_pkg::OpMigrate: code_o = op_i.ctx.target_part;
      default:              code_o = {2'b0, op_i.src_tile} ^ {5'b0, op_i.src_thread};
    endcase
  end
  assign bad_o = baton_abi_pkg::drop_reason_e'(op_i.arg) == baton_abi_pkg::DropBadChecksum
              || op_i.ctx.args[3][31] || (op_i.ctx.seq == 16'hffff);
endmodule
