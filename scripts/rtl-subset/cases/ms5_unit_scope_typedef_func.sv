// SPDX-License-Identifier: Apache-2.0
// CASE: typedef and function declared at $unit scope (outside any package or module)
// VERDICT: forbidden(unit-scope)
`default_nettype none
typedef logic [5:0] ms5_word_t;
function automatic ms5_word_t ms5_twice(ms5_word_t v);
  return v << 1;
endfunction
module top (
  input  ms5_word_t a_i,
  output ms5_word_t y_o
);
  assign y_o = ms5_twice(a_i) ^ a_i;
endmodule
