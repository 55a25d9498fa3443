// SPDX-License-Identifier: Apache-2.0
// Pins of the FPGA timing wrappers (synth-lookup only). Inputs: a shift register fed by one pin
// supplies InW bits. Outputs: OutW bits are registered and reduced by a registered XOR tree, four
// bits per LUT per level, to one pin. The tree's first levels can sit next to the outputs they
// fold; a loadable shift chain instead puts a load-enable net with one sink per output on one pin
// and ties every output to one chain.
`default_nettype none

module lookup_fpga_pins #(
  parameter int unsigned InW  = 64,
  parameter int unsigned OutW = 64
) (
  input  logic            clk_i,
  input  logic            sin_i,
  output logic [InW-1:0]  ins_o,
  input  logic [OutW-1:0] outs_i,
  output logic            sout_o
);

  if ((InW < 2) || (OutW < 1)) begin : gen_width_illegal
    $error("lookup_fpga_pins: InW must be at least 2 and OutW at least 1");
  end

  // Inputs.
  logic [InW-1:0] sh_q;
  always_ff @(posedge clk_i) begin
    sh_q <= {sh_q[InW-2:0], sin_i};
  end
  assign ins_o = sh_q;

  // Outputs.
  localparam int unsigned L1W = (OutW + 3) / 4;
  localparam int unsigned L2W = (L1W + 3) / 4;
  localparam int unsigned L3W = (L2W + 3) / 4;
  localparam int unsigned L4W = (L3W + 3) / 4;

  logic [4*L1W-1:0] p0;
  logic [4*L2W-1:0] p1;
  logic [4*L3W-1:0] p2;
  logic [4*L4W-1:0] p3;
  logic [OutW-1:0]  outs_q;
  logic [L1W-1:0]   l1_q;
  logic [L2W-1:0]   l2_q;
  logic [L3W-1:0]   l3_q;
  logic [L4W-1:0]   l4_q;
  logic             sout_q;

  always_comb begin
    p0 = '0;
    p1 = '0;
    p2 = '0;
    p3 = '0;
    p0[OutW-1:0] = outs_q;
    p1[L1W-1:0]  = l1_q;
    p2[L2W-1:0]  = l2_q;
    p3[L3W-1:0]  = l3_q;
  end

  always_ff @(posedge clk_i) begin
    outs_q <= outs_i;
    for (int unsigned i = 0; i < L1W; i++) l1_q[i] <= ^p0[4*i +: 4];
    for (int unsigned i = 0; i < L2W; i++) l2_q[i] <= ^p1[4*i +: 4];
    for (int unsigned i = 0; i < L3W; i++) l3_q[i] <= ^p2[4*i +: 4];
    for (int unsigned i = 0; i < L4W; i++) l4_q[i] <= ^p3[4*i +: 4];
    sout_q <= ^l4_q;
  end
  assign sout_o = sout_q;

endmodule
