// SPDX-License-Identifier: Apache-2.0
// Credit counter for credit-based flow control.
//
// Holds between 0 and MaxCredits credits, starting (and restarting after reset) at InitCredits.
// take_i spends one credit, give_i returns one; both in the same cycle leave the count unchanged
// and are legal even at 0 or at MaxCredits. A take without a credit (avail_o low) or a give that
// would exceed MaxCredits is a protocol error: it is flagged by an assertion and ignored, so the
// count never wraps.
`default_nettype none

`include "baton_assert.svh"

module baton_credit_cnt #(
  parameter int unsigned MaxCredits  = 4,
  parameter int unsigned InitCredits = MaxCredits,
  localparam int unsigned CntW       = $clog2(MaxCredits + 1)
) (
  input  logic            clk_i,
  input  logic            rst_ni,

  input  logic            take_i,
  input  logic            give_i,

  output logic [CntW-1:0] credits_o,
  output logic            avail_o,   // at least one credit (take_i is allowed)
  output logic            full_o     // all credits home (give_i alone is not allowed)
);

  `ASSERT_INIT(MaxCreditsLegal_A, MaxCredits >= 1)
  `ASSERT_INIT(InitCreditsLegal_A, InitCredits <= MaxCredits)

  logic [CntW-1:0] credits_q;

  assign avail_o = (credits_q != '0);
  assign full_o  = (credits_q == CntW'(MaxCredits));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credits_q <= CntW'(InitCredits);
    end else if (take_i && !give_i && avail_o) begin
      credits_q <= credits_q - 1'b1;
    end else if (give_i && !take_i && !full_o) begin
      credits_q <= credits_q + 1'b1;
    end
  end

  assign credits_o = credits_q;

  `ASSERT_NEVER(Underflow_A, take_i && !give_i && !avail_o)
  `ASSERT_NEVER(Overflow_A, give_i && !take_i && full_o)
  `ASSERT(InRange_A, credits_q <= CntW'(MaxCredits))

endmodule
