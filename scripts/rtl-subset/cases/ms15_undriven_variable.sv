// SPDX-License-Identifier: Apache-2.0
// CASE: a variable that is read but never assigned (an undriven signal): the flow must catch it
// EXPECT: error
// EQ: no (the value of an undriven variable is undefined)
// VERDICT: forbidden(synth)
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  logic [3:0] never_set;
  assign y_o = a_i ^ never_set;
endmodule
