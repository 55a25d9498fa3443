// SPDX-License-Identifier: Apache-2.0
// Register file of all threads of a tile: x1..x31 per thread in two block-RAM copies (one per
// read port, both written together), read in the decode stage, written in the write-back stage.
//
// A delivery must start a thread with every register zero except the ones it sets. Clearing 31
// RAM words would take 31 write cycles, so each register has a "written since delivery" bit
// instead: clr_i drops all bits of one thread in one cycle and a register whose bit is low (or
// x0) reads as zero.
//
// The registers a context carries (sp = x2 and a0..a3 = x10..x13, docs/abi.md section 3) live in
// five small RAMs with asynchronous reads instead (LUT RAM on an FPGA), one per register, indexed
// by thread: a delivery loads all five in one cycle (load_*), and the thread-operation port reads
// all five of an ending thread at once (spill_*), so neither the hand-off nor the pipeline spends
// cycles copying them. Reads of these registers come from these RAMs, other reads from the block
// RAMs. Each has one write port: a load must not coincide with a write of a carried register
// (cw_busy_o tells the delivery to wait a cycle).
//
// Read data (and the zero masking) appears in the cycle after the read. A thread never reads and
// writes in the same cycle (one instruction per thread in flight), so no bypass is needed.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_regfile #(
  parameter int unsigned NumThreads = 4,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic            clk_i,
  input  logic            rst_ni,

  input  logic [ThrW-1:0] rthread_i,
  input  logic [4:0]      raddr1_i,
  input  logic [4:0]      raddr2_i,
  output logic [31:0]     rdata1_o,
  output logic [31:0]     rdata2_o,

  input  logic            we_i,
  input  logic [ThrW-1:0] wthread_i,
  input  logic [4:0]      waddr_i,
  input  logic [31:0]     wdata_i,

  input  logic            clr_i,
  input  logic [ThrW-1:0] clr_thread_i,

  // Carried registers: x2, x10..x13 (index 0 = x2, k = x(9+k)).
  input  logic            load_i,
  input  logic [ThrW-1:0] load_thread_i,
  input  logic [4:0][31:0] load_data_i,
  input  logic [ThrW-1:0] spill_thread_i,
  output logic [4:0][31:0] spill_data_o,
  output logic            cw_busy_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)

  localparam int unsigned Depth = NumThreads * 32;
  localparam int unsigned AddrW = $clog2(Depth);

  function automatic logic [AddrW-1:0] rf_addr(input logic [ThrW-1:0] t, input logic [4:0] r);
    rf_addr = AddrW'((32'(t) << 5) | 32'(r));
  endfunction

  logic [31:0] ram1_rdata, ram2_rdata;
  logic [31:0] unused_a1_data, unused_a2_data;  // write-only ports

  baton_ram_2p #(
    .Width (32),
    .Depth (Depth)
  ) u_ram1 (
    .clk_i     (clk_i),
    .a_req_i   (we_i),
    .a_we_i    (1'b1),
    .a_addr_i  (rf_addr(wthread_i, waddr_i)),
    .a_wdata_i (wdata_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a1_data),
    .b_req_i   (1'b1),
    .b_we_i    (1'b0),
    .b_addr_i  (rf_addr(rthread_i, raddr1_i)),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (ram1_rdata)
  );

  baton_ram_2p #(
    .Width (32),
    .Depth (Depth)
  ) u_ram2 (
    .clk_i     (clk_i),
    .a_req_i   (we_i),
    .a_we_i    (1'b1),
    .a_addr_i  (rf_addr(wthread_i, waddr_i)),
    .a_wdata_i (wdata_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_a2_data),
    .b_req_i   (1'b1),
    .b_we_i    (1'b0),
    .b_addr_i  (rf_addr(rthread_i, raddr2_i)),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (ram2_rdata)
  );

  // ---- Written-since-delivery bits -----------------------------------------------------------
  logic [NumThreads-1:0][31:0] wr_q;
  logic                        v1_q, v2_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q <= '0;
      v1_q <= 1'b0;
      v2_q <= 1'b0;
    end else begin
      for (int unsigned t = 0; t < NumThreads; t++) begin
        if (clr_i && (clr_thread_i == ThrW'(t))) begin
          wr_q[t] <= '0;
        end else if (we_i && (wthread_i == ThrW'(t))) begin
          wr_q[t][waddr_i] <= 1'b1;
        end
      end
      v1_q <= (raddr1_i != 5'd0) && wr_q[rthread_i][raddr1_i];
      v2_q <= (raddr2_i != 5'd0) && wr_q[rthread_i][raddr2_i];
    end
  end

  // ---- Carried registers in flip-flops ---------------------------------------------------------
  function automatic logic carried(input logic [4:0] r);
    carried = (r == 5'd2) || (r >= 5'd10 && r <= 5'd13);
  endfunction
  function automatic logic [2:0] carried_idx(input logic [4:0] r);
    carried_idx = (r >= 5'd10 && r <= 5'd13) ? 3'(r - 5'd9) : 3'd0;
  endfunction

  logic                 c1_q, c2_q;
  logic [31:0]          cv1_q, cv2_q;
  logic [4:0][31:0]     cr_rd;     // the five carried registers of the thread read in D
  logic                 cw_w;
  assign cw_w      = we_i && carried(waddr_i);
  assign cw_busy_o = cw_w;

  for (genvar k = 0; k < 5; k++) begin : gen_carried
    logic [31:0]     mem [NumThreads];
    logic            k_we;
    logic [ThrW-1:0] k_addr;
    logic [31:0]     k_data;
    assign k_we   = load_i || (cw_w && (carried_idx(waddr_i) == 3'(k)));
    assign k_addr = load_i ? load_thread_i : wthread_i;
    assign k_data = load_i ? load_data_i[k] : wdata_i;
    // Data only: a delivery loads every carried register before the thread reads one.
    always_ff @(posedge clk_i) begin
      if (k_we) mem[k_addr] <= k_data;
    end
    assign cr_rd[k]        = mem[rthread_i];
    assign spill_data_o[k] = mem[spill_thread_i];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c1_q <= 1'b0;
      c2_q <= 1'b0;
    end else begin
      c1_q <= carried(raddr1_i);
      c2_q <= carried(raddr2_i);
    end
  end

  always_ff @(posedge clk_i) begin
    cv1_q <= cr_rd[carried_idx(raddr1_i)];
    cv2_q <= cr_rd[carried_idx(raddr2_i)];
  end

  assign rdata1_o     = c1_q ? cv1_q : v1_q ? ram1_rdata : 32'd0;
  assign rdata2_o     = c2_q ? cv2_q : v2_q ? ram2_rdata : 32'd0;

  `ASSERT_NEVER(WriteX0_A, we_i && (waddr_i == 5'd0))
  `ASSERT_NEVER(ThreadRange_A, we_i && (32'(wthread_i) >= NumThreads))
  `ASSERT_NEVER(LoadWhileCarriedWrite_A, load_i && cw_w)

endmodule
