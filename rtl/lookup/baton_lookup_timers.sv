// SPDX-License-Identifier: Apache-2.0
// Flow timers (SP9): one idle timer per flow index, kept in an external timer memory and checked
// by a scanner, so NumTimers timers cost one comparator, not NumTimers.
//
// Firmware arms (deadline = now + timeout) or cancels a timer through set_*; each is one write.
// The scanner reads one timer per cycle, round-robin over all NumTimers; a timer that is armed and
// whose deadline has passed (now - deadline >= 0, wrap-safe for timeouts below 2^31 cycles) is
// disarmed and its expiry queued for the dispatch path (exp_*), exactly once.
//
// The read data is registered before it is acted on (stage R): the deadline compare and the check
// against writes since the read are done as the data arrives and registered, so that the fire
// decision is an AND of flip-flops (it gates the firmware write port and, through it, the
// controller's entry arbiter).
//
// Accuracy: a timer with deadline D fires at a time t with D <= t <= D + NumTimers + Latency + 2
// while the expiry FIFO drains (engine time never runs backwards); every cycle the FIFO is full
// stops the scanner for that cycle and adds to the bound. A firmware write that lands while the scanner's read of the same timer is in
// flight makes the scanner skip that timer for one round (it never acts on the stale copy), which
// can add one more round to that timer.
//
// Memory writes: the scanner's disarm has priority; a firmware write waits in that cycle
// (set_ready_o low). Writes are registered on their way to the memory. After reset the scanner
// clears every timer (NumTimers cycles).
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_timers
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumTimers = 65544,
  parameter int unsigned Latency   = 2,
  parameter int unsigned FifoDepth = 4,
  localparam int unsigned TAw      = $clog2(NumTimers),
  localparam int unsigned TW       = $bits(lk_timer_t)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [baton_pkg::TimeW-1:0] now_i,
  output logic                        init_done_o,
  // Firmware: arm or cancel one timer.
  input  logic                        set_valid_i,
  output logic                        set_ready_o,
  input  logic [TAw-1:0]              set_idx_i,
  input  lk_timer_t                   set_i,
  // Timer memory.
  output logic                        rd_req_o,
  output logic [TAw-1:0]              rd_addr_o,
  input  logic [TW-1:0]               rd_data_i,
  output logic                        wr_req_o,
  output logic [TAw-1:0]              wr_addr_o,
  output logic [TW-1:0]               wr_data_o,
  // Expired timers.
  output logic                        exp_valid_o,
  input  logic                        exp_ready_i,
  output lk_expiry_t                  exp_o,
  // Observation: a timer fired in this cycle.
  output logic                        fire_o,
  output lk_expiry_t                  fire_info_o
);

  localparam int unsigned CntW = $clog2(FifoDepth + 1);

  `ASSERT_INIT(NumTimersLegal_A, (NumTimers >= Latency + 2) && (NumTimers <= (1 << baton_pkg::FlowW)))
  `ASSERT_INIT(LatencyLegal_A, (Latency >= 1) && (Latency <= 16))
  `ASSERT_INIT(FifoDepthLegal_A, (FifoDepth >= 2) && (FifoDepth <= 64))

  typedef struct packed {
    logic           valid;
    logic [TAw-1:0] addr;
  } hist_t;

  // ---- Initialisation -------------------------------------------------------------------------------
  logic           init_q;
  logic [TAw-1:0] init_ptr_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q     <= 1'b1;
      init_ptr_q <= '0;
    end else if (init_q) begin
      init_ptr_q <= init_ptr_q + 1'b1;
      if (init_ptr_q == TAw'(NumTimers - 1)) init_q <= 1'b0;
    end
  end
  assign init_done_o = !init_q;

  // ---- Scanner ----------------------------------------------------------------------------------------
  logic [TAw-1:0]          scan_q;
  logic                    issue;
  logic [CntW-1:0]         cnt_q;
  logic [Latency-1:0]      dl_valid_q;
  logic [Latency-1:0][TAw-1:0] dl_addr_q;
  logic                    arr_valid;   // read data arriving from the memory in this cycle
  logic [TAw-1:0]          arr_addr;
  lk_timer_t               arr;
  hist_t [Latency:0]       hist_q;      // [0] = write presented in the previous cycle
  logic                    arr_conflict, arr_expired;
  // Stage R: the arrived timer, registered with its deadline compare and write check.
  logic                    ret_valid_q;
  logic [TAw-1:0]          ret_addr_q;
  lk_timer_t               ret_q;
  logic                    ret_expired_q, ret_conflict_q;
  logic                    fire;
  // The memory write as presented (registered on its way to the memory).
  logic                    wr_req, wr_req_q;
  logic [TAw-1:0]          wr_addr, wr_addr_q;
  lk_timer_t               wr_data, wr_data_q;

  assign issue     = !init_q && (cnt_q < CntW'(FifoDepth));
  assign rd_req_o  = issue;
  assign rd_addr_o = scan_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      scan_q      <= '0;
      dl_valid_q  <= '0;
      ret_valid_q <= 1'b0;
    end else begin
      if (issue) scan_q <= (scan_q == TAw'(NumTimers - 1)) ? '0 : scan_q + 1'b1;
      dl_valid_q[0] <= issue;
      for (int unsigned s = 1; s < Latency; s++) dl_valid_q[s] <= dl_valid_q[s-1];
      ret_valid_q <= arr_valid;
    end
  end
  always_ff @(posedge clk_i) begin
    dl_addr_q[0] <= scan_q;
    for (int unsigned s = 1; s < Latency; s++) dl_addr_q[s] <= dl_addr_q[s-1];
  end

  assign arr_valid = dl_valid_q[Latency-1];
  assign arr_addr  = dl_addr_q[Latency-1];
  assign arr       = rd_data_i;

  // A write that reaches the memory in or after the cycle the read was issued (presented from the
  // cycle before it up to and including the cycle the data arrives) is not in the data read: skip
  // that timer.
  always_comb begin
    arr_conflict = wr_req && (wr_addr == arr_addr);
    for (int unsigned j = 0; j <= Latency; j++) begin
      if (hist_q[j].valid && (hist_q[j].addr == arr_addr)) arr_conflict = 1'b1;
    end
  end
  assign arr_expired = $signed(now_i - arr.deadline) >= 0;

  always_ff @(posedge clk_i) begin
    if (arr_valid) begin
      ret_addr_q     <= arr_addr;
      ret_q          <= arr;
      ret_expired_q  <= arr_expired;
      ret_conflict_q <= arr_conflict;
    end
  end

  assign fire = ret_valid_q && ret_q.armed && ret_expired_q && !ret_conflict_q;

  // ---- Writes: init clear, scanner disarm, firmware ---------------------------------------------------
  logic set_fire;
  assign set_ready_o = !init_q && !fire;
  assign set_fire    = set_valid_i && set_ready_o;

  // The write is registered on its way to the memory (it lands one cycle after it is presented).
  always_comb begin
    wr_req  = init_q || fire || set_fire;
    wr_addr = init_q ? init_ptr_q : (fire ? ret_addr_q : set_idx_i);
    wr_data = (init_q || fire) ? '0 : set_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      hist_q   <= '0;
      wr_req_q <= 1'b0;
    end else begin
      wr_req_q  <= wr_req;
      hist_q[0] <= '{valid: wr_req, addr: wr_addr};
      for (int unsigned j = 1; j <= Latency; j++) hist_q[j] <= hist_q[j-1];
    end
  end
  always_ff @(posedge clk_i) begin
    wr_addr_q <= wr_addr;
    wr_data_q <= wr_data;
  end
  assign wr_req_o  = wr_req_q;
  assign wr_addr_o = wr_addr_q;
  assign wr_data_o = wr_data_q;

  // ---- Expiry FIFO with credits ---------------------------------------------------------------------------
  lk_expiry_t                     fire_info;
  logic                           fifo_in_ready, pop;
  logic [$clog2(FifoDepth+1)-1:0] unused_count;
  logic                           unused_full, unused_empty;

  assign fire_info = '{flow: baton_pkg::FlowW'(ret_addr_q), deadline: ret_q.deadline,
                       part: ret_q.part, tiles: ret_q.tiles};

  baton_fifo_sync #(
    .data_t      (lk_expiry_t),
    .Depth       (FifoDepth),
    .FallThrough (0)
  ) u_exp (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (fire),
    .in_ready_o  (fifo_in_ready),
    .in_data_i   (fire_info),
    .out_valid_o (exp_valid_o),
    .out_ready_i (exp_ready_i),
    .out_data_o  (exp_o),
    .count_o     (unused_count),
    .full_o      (unused_full),
    .empty_o     (unused_empty)
  );
  assign pop = exp_valid_o && exp_ready_i;

  // Credits: reads in flight plus queued expiries never exceed the FIFO depth.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_q + CntW'(issue) - CntW'(ret_valid_q && !fire) - CntW'(pop);
    end
  end

  assign fire_o      = fire;
  assign fire_info_o = fire_info;

  `ASSERT_NEVER(ExpiryOverflow_A, fire && !fifo_in_ready)
  `ASSERT(CreditsInRange_A, cnt_q <= CntW'(FifoDepth))
  `ASSERT_NEVER(SetDuringInit_A, set_valid_i && set_ready_o && init_q)
  // A timer fires only once its deadline has passed (engine time never runs backwards).
  `ASSERT(FiresAfterDeadline_A, !fire || ($signed(now_i - ret_q.deadline) >= 0))

endmodule
