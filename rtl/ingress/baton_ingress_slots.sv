// SPDX-License-Identifier: Apache-2.0
// Packet-buffer slots for N ingress ports: one baton_pktbuf_alloc, a prefetched slot per port
// (so a port can start a frame without waiting for the shared offer) refilled round-robin, and
// the ports' slot frees merged round-robin into the allocator's first free port. The second free
// port belongs to the egress. With Events, one more prefetched slot is kept for the events the
// engine makes without a packet (timeout and generated events, docs/flow-state.md): it is refilled
// before the ports' registers, so such an event waits at most for the next slot freed.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_slots #(
  parameter int unsigned NumPorts = 4,
  parameter int unsigned NumSlots = 64,
  parameter bit          Events   = 1'b0,
  localparam int unsigned HandleW = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned CountW  = $clog2(NumSlots + 1)
) (
  input  logic                             clk_i,
  input  logic                             rst_ni,
  // Per port: the prefetched slot
  output logic [NumPorts-1:0]              pre_valid_o,
  input  logic [NumPorts-1:0]              pre_ready_i,
  output logic [NumPorts-1:0][HandleW-1:0] pre_handle_o,
  output logic                             more_o,        // the allocator has a slot on offer
  // The events' prefetched slot (Events)
  output logic                             ev_valid_o,
  input  logic                             ev_ready_i,
  output logic [HandleW-1:0]               ev_handle_o,
  // Per port: slot frees (valid/ready)
  input  logic [NumPorts-1:0]              free_valid_i,
  output logic [NumPorts-1:0]              free_ready_o,
  input  logic [NumPorts-1:0][HandleW-1:0] free_handle_i,
  // Egress frees
  input  logic                             eg_free_valid_i,
  input  logic [HandleW-1:0]               eg_free_handle_i,
  // Slots not holding a frame (free in the allocator or prefetched)
  output logic [CountW-1:0]                free_slots_o
);
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 * NumPorts + 32'(Events) && (NumSlots & (NumSlots - 1)) == 0)

  logic               a_valid, a_ready;
  logic [HandleW-1:0] a_handle;
  logic               f_valid;
  logic [HandleW-1:0] f_handle;
  logic [CountW-1:0]  a_count;

  baton_pktbuf_alloc #(.NumSlots(NumSlots)) u_alloc (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .alloc_valid_o  (a_valid),
    .alloc_ready_i  (a_ready),
    .alloc_handle_o (a_handle),
    .free_a_valid_i (f_valid),
    .free_a_handle_i(f_handle),
    .free_b_valid_i (eg_free_valid_i),
    .free_b_handle_i(eg_free_handle_i),
    .free_count_o   (a_count)
  );

  // ---- Prefetch registers, refilled round-robin ------------------------------------------------
  logic [NumPorts-1:0]              pre_valid_q, need, grant;
  logic [NumPorts-1:0][HandleW-1:0] pre_handle_q;
  logic                             port_fill, ev_fill;

  assign need    = ~pre_valid_q & {NumPorts{a_valid && !ev_fill}};
  assign a_ready = port_fill || ev_fill;

  baton_rr_arb #(.N(NumPorts), .Width(1), .Lock(0)) u_fill_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_valid_i(need),
    .req_ready_o(grant),
    .req_data_i ('0),
    .out_valid_o(port_fill),
    .out_ready_i(1'b1),
    .out_data_o (),
    .out_idx_o  ()
  );

  if (Events) begin : gen_ev
    logic               ev_valid_q;
    logic [HandleW-1:0] ev_handle_q;
    assign ev_fill = !ev_valid_q && a_valid;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        ev_valid_q <= 1'b0;
      end else begin
        ev_valid_q <= (ev_valid_q && !ev_ready_i) || ev_fill;
      end
    end
    always_ff @(posedge clk_i) begin
      if (ev_fill) ev_handle_q <= a_handle;
    end
    assign ev_valid_o  = ev_valid_q;
    assign ev_handle_o = ev_handle_q;
    `ASSERT_NEVER(EvTakeEmpty_A, ev_ready_i && !ev_valid_q)
  end else begin : gen_no_ev
    assign ev_fill     = 1'b0;
    assign ev_valid_o  = 1'b0;
    assign ev_handle_o = '0;
    logic unused_ev_ready;
    assign unused_ev_ready = ev_ready_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pre_valid_q <= '0;
    end else begin
      pre_valid_q <= (pre_valid_q & ~pre_ready_i) | grant;
    end
  end

  always_ff @(posedge clk_i) begin
    for (int unsigned p = 0; p < NumPorts; p++) begin
      if (grant[p]) pre_handle_q[p] <= a_handle;
    end
  end

  assign pre_valid_o  = pre_valid_q;
  assign pre_handle_o = pre_handle_q;
  assign more_o       = a_valid;

  // ---- Frees, merged round-robin ----------------------------------------------------------------
  baton_rr_arb #(.N(NumPorts), .Width(HandleW), .Lock(0)) u_free_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_valid_i(free_valid_i),
    .req_ready_o(free_ready_o),
    .req_data_i (free_handle_i),
    .out_valid_o(f_valid),
    .out_ready_i(1'b1),
    .out_data_o (f_handle),
    .out_idx_o  ()
  );

  always_comb begin
    free_slots_o = a_count + CountW'(ev_valid_o);
    for (int unsigned p = 0; p < NumPorts; p++) free_slots_o = free_slots_o + CountW'(pre_valid_q[p]);
  end

  // A port takes its slot only while it holds one.
  `ASSERT_NEVER(TakeEmpty_A, |(pre_ready_i & ~pre_valid_q))
endmodule
