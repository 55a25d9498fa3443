// SPDX-License-Identifier: Apache-2.0
// CASE: a $unit-scope typedef declared in another file and used here (needs one shared unit)
// FILES: scripts/rtl-subset/cases/ms17_unit_scope_two_files.svh
// VERDICT: forbidden(unit-scope)
`default_nettype none
module top (
  input  ms17_word_t a_i,
  output ms17_word_t y_o
);
  assign y_o = a_i + 6'd1;
endmodule
