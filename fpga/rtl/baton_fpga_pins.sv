// SPDX-License-Identifier: Apache-2.0
// The four pins of every Baton FPGA top (fpga/flow): clock, reset, serial in, serial out. A block
// has hundreds of port bits, more than any package has pins, and synthesis removes logic whose
// inputs are constant or whose outputs are unobserved. So every block input comes from its own
// flop of a serial-in shift register fed by one pin, and every block output is registered and
// folded into one pin by a registered XOR tree, four bits per LUT per level: the measured paths
// are the block's own register-to-register paths, and all of its logic is kept.
//
// Why a tree and not a loadable shift chain: the tree's first levels can be placed next to the
// outputs they fold, each flop with one fan-in of four; a loadable chain puts a load-enable net
// with one sink per output on one pin and ties every output into one chain across the die.
//
// The external reset is passed through baton_rst_sync (asynchronous assert, synchronous release)
// and given to the block as rst_no. The shift register and the tree are not reset (datapath).
// Cost, reported apart by fpga/flow: InW + OutW flops plus about OutW / 3 more for the tree, and
// about OutW / 3 LUTs.
`default_nettype none

`include "baton_assert.svh"

module baton_fpga_pins #(
  parameter int unsigned InW  = 64,  // block input bits, fed from the shift register
  parameter int unsigned OutW = 64   // block output bits, folded into sout_o
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            sin_i,
  output logic            sout_o,
  // Block side.
  output logic            rst_no,
  output logic [InW-1:0]  ins_o,
  input  logic [OutW-1:0] outs_i
);

  `ASSERT_INIT(InWLegal_A, InW >= 2)
  `ASSERT_INIT(OutWLegal_A, OutW >= 1)

  localparam int unsigned Fan = 4;  // bits folded by one LUT4

  // Width of tree level l: level 0 is the registered outputs, each level folds Fan bits into one.
  function automatic int unsigned level_w(input int unsigned l);
    int unsigned w;
    w = OutW;
    for (int unsigned k = 0; k < l; k++) w = (w + Fan - 1) / Fan;
    return w;
  endfunction

  // Levels after level 0 until one bit is left (0 when OutW is 1).
  function automatic int unsigned num_levels();
    int unsigned w;
    int unsigned n;
    w = OutW;
    n = 0;
    while (w > 1) begin
      w = (w + Fan - 1) / Fan;
      n++;
    end
    return n;
  endfunction

  localparam int unsigned Levels = num_levels();

  baton_rst_sync u_rst_sync (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .rst_no (rst_no)
  );

  // Inputs.
  logic [InW-1:0] sh_q;
  always_ff @(posedge clk_i) begin
    sh_q <= {sh_q[InW-2:0], sin_i};
  end
  assign ins_o = sh_q;

  // Outputs.
  for (genvar l = 0; l <= Levels; l++) begin : gen_level
    localparam int unsigned W = level_w(l);
    logic [W-1:0] q;
    if (l == 0) begin : gen_outs
      always_ff @(posedge clk_i) begin
        q <= outs_i;
      end
    end else begin : gen_fold
      localparam int unsigned PrevW = level_w(l - 1);
      logic [Fan*W-1:0] prev;
      always_comb begin
        prev = '0;
        prev[PrevW-1:0] = gen_level[l-1].q;
      end
      always_ff @(posedge clk_i) begin
        for (int unsigned i = 0; i < W; i++) q[i] <= ^prev[Fan*i +: Fan];
      end
    end
  end
  assign sout_o = gen_level[Levels].q[0];

endmodule
