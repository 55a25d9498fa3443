// SPDX-License-Identifier: Apache-2.0
// CASE: generic interface port (interface bus) in the submodule
// VERDICT: forbidden(interface)
`default_nettype none
interface if2_bus;
  logic [7:0] data;
endinterface
module if2_sink (
  interface    bus,
  output logic [7:0] y_o
);
  assign y_o = ~bus.data;
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  if2_bus b ();
  assign b.data = d_i;
  if2_sink u_sink (.bus(b), .y_o(y_o));
endmodule
