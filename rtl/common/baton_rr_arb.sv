// SPDX-License-Identifier: Apache-2.0
// Round-robin arbiter: N valid/ready requesters with a payload each, one valid/ready output that
// carries the winner's payload and index.
//
// Priority starts just after the requester granted last (a transfer, not a mere presentation,
// moves it), so a requester that keeps requesting is granted within N transfers.
//
// Lock = 1: a grant that is presented and not accepted is held until it transfers, so a request
// arriving meanwhile cannot change out_idx_o / out_data_o under a stalled consumer (the output
// keeps the valid/ready contract whenever the requesters keep theirs). If the held requester
// withdraws its request anyway, the lock is released and arbitration resumes in that cycle.
// Lock = 0: the grant is recomputed every cycle (for consumers that never stall, or do not care).
//
// No output depends combinationally on out_ready_i except req_ready_o.
`default_nettype none

`include "baton_assert.svh"

module baton_rr_arb #(
  parameter int unsigned N     = 4,
  parameter int unsigned Width = 8,
  // The payload: a struct or any packed type; Width sizes the default vector only.
  parameter type         data_t = logic [Width-1:0],
  parameter bit          Lock  = 1'b1,
  localparam int unsigned IdxW = baton_util_pkg::idx_w(N)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,

  input  logic [N-1:0]             req_valid_i,
  output logic [N-1:0]             req_ready_o,
  input  data_t [N-1:0]            req_data_i,

  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output data_t                    out_data_o,
  output logic [IdxW-1:0]          out_idx_o
);

  `ASSERT_INIT(NLegal_A, N >= 1)
  `ASSERT_INIT(WidthLegal_A, Width >= 1 && $bits(data_t) >= 1)

  // ---- Round-robin pick ----------------------------------------------------------------------------
  // Requesters at or above the priority pointer come first; if there are none, the lowest index
  // among the rest wins. Two priority encoders do the search.
  logic [N-1:0]    prio_mask, req_hi;
  logic [IdxW-1:0] idx_hi, idx_all, rr_idx;
  logic            any_hi, any;
  logic [IdxW-1:0] ptr_q;
  logic [N-1:0]    unused_oh_hi, unused_oh_all;

  always_comb begin
    for (int unsigned i = 0; i < N; i++) begin
      prio_mask[i] = (IdxW'(i) >= ptr_q);
    end
  end
  assign req_hi = req_valid_i & prio_mask;

  baton_prio_enc #(
    .Width (N),
    .Msb   (0)
  ) u_prio_hi (
    .in_i     (req_hi),
    .idx_o    (idx_hi),
    .onehot_o (unused_oh_hi),
    .valid_o  (any_hi)
  );

  baton_prio_enc #(
    .Width (N),
    .Msb   (0)
  ) u_prio_all (
    .in_i     (req_valid_i),
    .idx_o    (idx_all),
    .onehot_o (unused_oh_all),
    .valid_o  (any)
  );

  assign rr_idx = any_hi ? idx_hi : idx_all;

  // ---- Lock --------------------------------------------------------------------------------------
  logic            held;      // the grant presented last cycle is still pending
  logic [IdxW-1:0] held_idx;

  if (Lock != 0) begin : gen_lock
    logic            lock_q;
    logic [IdxW-1:0] lock_idx_q;

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        lock_q     <= 1'b0;
        lock_idx_q <= '0;
      end else begin
        lock_q     <= out_valid_o && !out_ready_i;
        lock_idx_q <= out_idx_o;
      end
    end

    assign held     = lock_q && req_valid_i[lock_idx_q];
    assign held_idx = lock_idx_q;

    // A stalled grant stays put unless its requester withdrew.
    `ASSERT(LockHolds_A, !lock_q || !req_valid_i[lock_idx_q] ||
            (out_valid_o && (out_idx_o == lock_idx_q)))
  end else begin : gen_no_lock
    assign held     = 1'b0;
    assign held_idx = '0;
  end

  assign out_idx_o   = held ? held_idx : rr_idx;
  assign out_valid_o = held || any;
  assign out_data_o  = req_data_i[out_idx_o];

  always_comb begin
    req_ready_o            = '0;
    req_ready_o[out_idx_o] = out_valid_o && out_ready_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ptr_q <= '0;
    end else if (out_valid_o && out_ready_i) begin
      ptr_q <= (out_idx_o == IdxW'(N - 1)) ? '0 : out_idx_o + 1'b1;
    end
  end

  // ---- Checks ------------------------------------------------------------------------------------
  `ASSERT(PtrInRange_A, ptr_q <= IdxW'(N - 1))
  `ASSERT(GrantIsRequest_A, !out_valid_o || req_valid_i[out_idx_o])
  `ASSERT(ReadyOneHot_A, $onehot0(req_ready_o))
  // Fairness only matters under contention: the tests must reach it.
  `COVER(Contention_C, !$onehot0(req_valid_i))

endmodule
