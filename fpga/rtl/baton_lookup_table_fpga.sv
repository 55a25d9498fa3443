// SPDX-License-Identifier: Apache-2.0
// FPGA top of the flow table alone (fpga/flow --block lookup_table; not part of the product):
// baton_lookup_table with its two bank memories, as baton_lookup_sys connects them, and the four
// pins of baton_fpga_pins. The operation comes from the serial shift register; the decisions and
// occupancy are registered and folded to one pin. Operations enter only after the table's
// initialisation, as the controller guarantees.
`default_nettype none

`include "baton_assert.svh"

module baton_lookup_table_fpga
  import baton_lookup_pkg::*;
#(
  // The table part of baton_lookup_fpga's parameters (the same FPGA configuration defaults).
  parameter int unsigned BucketsPerBank = 256,
  parameter int unsigned Ways           = 2,
  parameter int unsigned StashSize      = 2,
  parameter int unsigned TableLatency   = 2
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(BucketsLegal_A, BucketsPerBank >= 2)
  `ASSERT_INIT(WaysLegal_A, Ways >= 2)
  `ASSERT_INIT(StashLegal_A, StashSize >= 1)
  `ASSERT_INIT(TableLatencyLegal_A, TableLatency >= 1)

  localparam int unsigned BktW    = baton_util_pkg::idx_w(BucketsPerBank);
  localparam int unsigned BucketW = Ways * LkEntryW;

  typedef struct packed {
    logic    op_valid;
    lk_top_t op;
  } ins_t;

  typedef struct packed {
    logic        init_done;
    logic        dec_valid;
    lk_res_t     dec;
    logic [31:0] used;
    logic [31:0] stash_used;
  } outs_t;

  ins_t  ins;
  outs_t outs;
  logic  rst_n;

  logic [1:0]              rd_req, wr_req;
  logic [1:0][BktW-1:0]    rd_addr, wr_addr;
  logic [1:0][BucketW-1:0] rd_data, wr_data;
  logic [1:0][Ways-1:0]    wr_be;

  baton_fpga_pins #(
    .InW  ($bits(ins_t)),
    .OutW ($bits(outs_t))
  ) u_pins (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .sin_i  (sin_i),
    .sout_o (sout_o),
    .rst_no (rst_n),
    .ins_o  (ins),
    .outs_i (outs)
  );

  baton_lookup_table #(
    .BucketsPerBank (BucketsPerBank),
    .Ways           (Ways),
    .StashSize      (StashSize),
    .Latency        (TableLatency)
  ) u_table (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .init_done_o  (outs.init_done),
    .op_valid_i   (ins.op_valid && outs.init_done),
    .op_i         (ins.op),
    .dec_valid_o  (outs.dec_valid),
    .dec_o        (outs.dec),
    .rd_req_o     (rd_req),
    .rd_addr_o    (rd_addr),
    .rd_data_i    (rd_data),
    .wr_req_o     (wr_req),
    .wr_addr_o    (wr_addr),
    .wr_data_o    (wr_data),
    .wr_be_o      (wr_be),
    .used_o       (outs.used),
    .stash_used_o (outs.stash_used)
  );

  for (genvar k = 0; k < 2; k++) begin : gen_bank
    baton_lookup_mem #(
      .Width   (BucketW),
      .Depth   (BucketsPerBank),
      .Lanes   (Ways),
      .Latency (TableLatency)
    ) u_bank (
      .clk_i     (clk_i),
      .rd_req_i  (rd_req[k]),
      .rd_addr_i (rd_addr[k]),
      .rd_data_o (rd_data[k]),
      .wr_req_i  (wr_req[k]),
      .wr_addr_i (wr_addr[k]),
      .wr_data_i (wr_data[k]),
      .wr_be_i   (wr_be[k])
    );
  end

endmodule
