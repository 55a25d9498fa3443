// SPDX-License-Identifier: Apache-2.0
// Oldest-entry search of the context store: among the candidate slots (cand_i), the one whose key
// is smallest under serial-number comparison (a is older than b when a - b is negative modulo
// 2^KeyW), ties to the lower slot index. The comparison is wrap-safe as long as all candidate keys
// lie within half the key range of one another, which the caller guarantees (see
// docs/cm.md). Purely combinational: a balanced tree of log2(N) compare levels.
`default_nettype none

`include "baton_assert.svh"

module baton_cm_min_search #(
  parameter int unsigned N    = 64,
  parameter int unsigned KeyW = 32,
  localparam int unsigned IdxW = baton_util_pkg::idx_w(N)
) (
  input  logic [N-1:0]    cand_i,
  input  logic [KeyW-1:0] key_i [N],
  output logic            found_o,
  output logic [IdxW-1:0] idx_o
);

  `ASSERT_INIT(NLegal_A, N >= 1)
  `ASSERT_INIT(KeyWLegal_A, KeyW >= 2)

  localparam int unsigned Levels = (N > 1) ? $clog2(N) : 0;
  localparam int unsigned Leaves = 1 << Levels;

  // Level l holds Leaves >> l nodes; each node keeps the winner of its subtree.
  for (genvar l = 0; l <= Levels; l++) begin : gen_lvl
    localparam int unsigned W = Leaves >> l;
    logic [W-1:0]           v;
    logic [W-1:0][KeyW-1:0] k;
    logic [W-1:0][IdxW-1:0] i;

    if (l == 0) begin : gen_leaf
      for (genvar n = 0; n < W; n++) begin : gen_n
        if (n < N) begin : gen_slot
          assign v[n] = cand_i[n];
          assign k[n] = key_i[n];
          assign i[n] = IdxW'(n);
        end else begin : gen_pad
          assign v[n] = 1'b0;
          assign k[n] = '0;
          assign i[n] = '0;
        end
      end
    end else begin : gen_node
      for (genvar n = 0; n < W; n++) begin : gen_n
        logic            lv, rv, take_r;
        logic [KeyW-1:0] lk, rk, diff;
        logic [IdxW-1:0] li, ri;
        assign lv = gen_lvl[l-1].v[2*n];
        assign rv = gen_lvl[l-1].v[2*n+1];
        assign lk = gen_lvl[l-1].k[2*n];
        assign rk = gen_lvl[l-1].k[2*n+1];
        assign li = gen_lvl[l-1].i[2*n];
        assign ri = gen_lvl[l-1].i[2*n+1];
        // The right child wins only when strictly older, so ties go to the lower index.
        assign diff   = rk - lk;
        assign take_r = rv && (!lv || diff[KeyW-1]);
        assign v[n]   = lv || rv;
        assign k[n]   = take_r ? rk : lk;
        assign i[n]   = take_r ? ri : li;
      end
    end
  end

  assign found_o = gen_lvl[Levels].v[0];
  assign idx_o   = gen_lvl[Levels].i[0];

  logic unused_root_key;
  assign unused_root_key = ^gen_lvl[Levels].k[0];

endmodule
