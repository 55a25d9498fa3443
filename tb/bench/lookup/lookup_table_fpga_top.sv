// SPDX-License-Identifier: Apache-2.0
// FPGA timing wrapper for the flow table alone (synth-lookup --block table; not part of the
// product): baton_lookup_table with its two bank memories, as baton_lookup_sys connects them. The
// operation comes from a shift register fed by one pin; the decisions and occupancy are folded into
// one pin (lookup_fpga_pins). Operations enter only after the table's initialisation, as the
// controller guarantees.
`default_nettype none

module lookup_table_fpga_top
  import baton_lookup_pkg::*;
#(
  // The table part of lookup_fpga_top's parameters (the same FPGA configuration defaults).
  parameter int unsigned BucketsPerBank = 64,
  parameter int unsigned Ways           = 4,
  parameter int unsigned StashSize      = 4,
  parameter int unsigned TableLatency   = 1
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  localparam int unsigned BktW    = $clog2(BucketsPerBank);
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

  baton_rst_sync u_rst (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .rst_no (rst_n)
  );

  lookup_fpga_pins #(
    .InW  ($bits(ins_t)),
    .OutW ($bits(outs_t))
  ) u_pins (
    .clk_i  (clk_i),
    .sin_i  (sin_i),
    .ins_o  (ins),
    .outs_i (outs),
    .sout_o (sout_o)
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
