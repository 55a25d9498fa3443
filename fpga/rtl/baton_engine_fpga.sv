// SPDX-License-Identifier: Apache-2.0
// FPGA top of the whole engine for utilization and timing runs (fpga/flow --block engine):
// baton_engine and the four pins of baton_fpga_pins (every engine input from a serial shift
// register, every output registered and folded to one pin by a registered XOR tree), so synthesis
// keeps all of the engine and only its own register-to-register paths are timed. Not a board
// design. The defaults are the engine's FPGA configuration (docs/performance.md, "Engine on an
// FPGA"): 2 tiles x 4 threads, 2 ports x 64 bits, 16 slots, a small CM and shared RAMs sized for
// the block RAM of an LFE5U-85F.
`default_nettype none

`include "baton_assert.svh"

module baton_engine_fpga
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumTiles       = 2,
  parameter int unsigned ThreadsPerTile = 4,
  parameter int unsigned NumPorts       = 2,
  parameter int unsigned DataW          = 64,
  parameter int unsigned NumSlots       = 16,
  parameter int unsigned NumBanks       = 4,
  parameter int unsigned NumParts       = 8,
  parameter int unsigned Capacity       = 32,
  parameter int unsigned NumBuckets     = 64,
  parameter int unsigned ImemBytes      = 16384,
  parameter int unsigned RodataBytes    = 4096,
  parameter int unsigned DataBytes      = 131072,
  localparam int unsigned Lanes         = DataW / 8,
  localparam int unsigned HandleW       = $clog2(NumSlots),
  localparam int unsigned SlotCntW      = $clog2(NumSlots + 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 8)
  `ASSERT_INIT(ThreadsPerTileLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= NumBanks)
  `ASSERT_INIT(DataWLegal_A, DataW >= 32 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 4 && (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(NumBanksLegal_A, NumBanks >= 2)
  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1)
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2)
  `ASSERT_INIT(ImemBytesLegal_A, ImemBytes >= 1024)
  `ASSERT_INIT(RodataBytesLegal_A, RodataBytes >= 1024)
  `ASSERT_INIT(DataBytesLegal_A, DataBytes >= 1024)

  // Inputs: ingress streams, egress and host ready, loader, AXI4-Lite requests and ready.
  localparam int unsigned InW  = NumPorts * (1 + DataW + Lanes + 1 + 1) + NumPorts + 1 +
                                 (1 + 8 + 32 + 32) + (1 + 20 + 1 + 32 + 4 + 1 + 1 + 20 + 1);
  // Outputs: ingress ready, egress streams, host stream, observation port, free slots, loader
  // ready, AXI4-Lite responses.
  localparam int unsigned OutW = NumPorts + NumPorts * (1 + DataW + Lanes + 1) +
                                 (1 + DataW + Lanes + 1 + PortW) +
                                 NumPorts * (1 + HandleW + 1 + 8) + (1 + HandleW + 9) + SlotCntW + 1 +
                                 (1 + 1 + 1 + 2 + 1 + 1 + 32 + 2) + NumTiles * 2 * (1 + HandleW);

  logic            rst_n;
  logic [InW-1:0]  ins;
  logic [OutW-1:0] outs;

  baton_fpga_pins #(
    .InW  (InW),
    .OutW (OutW)
  ) u_pins (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .sin_i  (sin_i),
    .sout_o (sout_o),
    .rst_no (rst_n),
    .ins_o  (ins),
    .outs_i (outs)
  );

  logic [NumPorts-1:0]               s_tvalid, s_tready, s_tlast, s_tuser;
  logic [NumPorts-1:0][DataW-1:0]    s_tdata;
  logic [NumPorts-1:0][Lanes-1:0]    s_tkeep;
  logic [NumPorts-1:0]               m_tvalid, m_tready, m_tlast;
  logic [NumPorts-1:0][DataW-1:0]    m_tdata;
  logic [NumPorts-1:0][Lanes-1:0]    m_tkeep;
  logic                              host_tvalid, host_tready, host_tlast;
  logic [DataW-1:0]                  host_tdata;
  logic [Lanes-1:0]                  host_tkeep;
  logic [PortW-1:0]                  host_tuser;
  logic [NumPorts-1:0]               obs_rx_admit, obs_rx_drop;
  logic [NumPorts-1:0][HandleW-1:0]  obs_rx_handle;
  logic [NumPorts-1:0][7:0]          obs_rx_reason;
  logic                              obs_rel;
  logic [HandleW-1:0]                obs_rel_handle;
  logic [8:0]                        obs_rel_code;
  logic [NumTiles-1:0]               obs_mig, obs_start;
  logic [NumTiles-1:0][HandleW-1:0]  obs_mig_handle, obs_start_handle;
  logic [SlotCntW-1:0]               free_slots;
  logic                              ld_valid, ld_ready;
  logic [7:0]                        ld_dest;
  logic [31:0]                       ld_addr, ld_data;
  logic                              awvalid, awready, wvalid, wready, bvalid, bready;
  logic                              arvalid, arready, rvalid, rready;
  logic [19:0]                       awaddr, araddr;
  logic [31:0]                       wdata, rdata;
  logic [3:0]                        wstrb;
  logic [1:0]                        bresp, rresp;

  assign {s_tvalid, s_tdata, s_tkeep, s_tlast, s_tuser, m_tready, host_tready,
          ld_valid, ld_dest, ld_addr, ld_data,
          awvalid, awaddr, wvalid, wdata, wstrb, bready, arvalid, araddr, rready} = ins;

  baton_engine #(
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile),
    .NumPorts       (NumPorts),
    .DataW          (DataW),
    .NumSlots       (NumSlots),
    .NumBanks       (NumBanks),
    .NumParts       (NumParts),
    .Capacity       (Capacity),
    .NumBuckets     (NumBuckets),
    .ImemBytes      (ImemBytes),
    .RodataBytes    (RodataBytes),
    .DataBytes      (DataBytes)
  ) u_engine (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
    .s_tvalid_i       (s_tvalid),
    .s_tready_o       (s_tready),
    .s_tdata_i        (s_tdata),
    .s_tkeep_i        (s_tkeep),
    .s_tlast_i        (s_tlast),
    .s_tuser_i        (s_tuser),
    .m_tvalid_o       (m_tvalid),
    .m_tready_i       (m_tready),
    .m_tdata_o        (m_tdata),
    .m_tkeep_o        (m_tkeep),
    .m_tlast_o        (m_tlast),
    .host_tvalid_o    (host_tvalid),
    .host_tready_i    (host_tready),
    .host_tdata_o     (host_tdata),
    .host_tkeep_o     (host_tkeep),
    .host_tlast_o     (host_tlast),
    .host_tuser_o     (host_tuser),
    .obs_mig_o        (obs_mig),
    .obs_mig_handle_o (obs_mig_handle),
    .obs_start_o      (obs_start),
    .obs_start_handle_o (obs_start_handle),
    .obs_rx_admit_o   (obs_rx_admit),
    .obs_rx_handle_o  (obs_rx_handle),
    .obs_rx_drop_o    (obs_rx_drop),
    .obs_rx_reason_o  (obs_rx_reason),
    .obs_rel_o        (obs_rel),
    .obs_rel_handle_o (obs_rel_handle),
    .obs_rel_code_o   (obs_rel_code),
    .obs_ev_o         (),
    .obs_ev_handle_o  (),
    .obs_ev_type_o    (),
    .obs_ev_flow_o    (),
    .free_slots_o     (free_slots),
    .ld_valid_i       (ld_valid),
    .ld_ready_o       (ld_ready),
    .ld_dest_i        (ld_dest),
    .ld_addr_i        (ld_addr),
    .ld_data_i        (ld_data),
    .axil_awvalid_i   (awvalid),
    .axil_awready_o   (awready),
    .axil_awaddr_i    (awaddr),
    .axil_wvalid_i    (wvalid),
    .axil_wready_o    (wready),
    .axil_wdata_i     (wdata),
    .axil_wstrb_i     (wstrb),
    .axil_bvalid_o    (bvalid),
    .axil_bready_i    (bready),
    .axil_bresp_o     (bresp),
    .axil_arvalid_i   (arvalid),
    .axil_arready_o   (arready),
    .axil_araddr_i    (araddr),
    .axil_rvalid_o    (rvalid),
    .axil_rready_i    (rready),
    .axil_rdata_o     (rdata),
    .axil_rresp_o     (rresp)
  );

  assign outs = {s_tready, m_tvalid, m_tdata, m_tkeep, m_tlast,
                 host_tvalid, host_tdata, host_tkeep, host_tlast, host_tuser,
                 obs_rx_admit, obs_rx_handle, obs_rx_drop, obs_rx_reason,
                 obs_rel, obs_rel_handle, obs_rel_code, free_slots, ld_ready,
                 awready, wready, bvalid, bresp, arready, rvalid, rdata, rresp,
                 obs_mig, obs_mig_handle, obs_start, obs_start_handle};

endmodule
