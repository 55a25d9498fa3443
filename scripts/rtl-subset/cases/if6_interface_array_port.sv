// SPDX-License-Identifier: Apache-2.0
// CASE: array of interfaces passed through a port (if6_bus.dst bus [2])
// VERDICT: forbidden(interface)
`default_nettype none
interface if6_bus;
  logic [3:0] data;
  modport dst (input data);
endinterface
module if6_sum (
  if6_bus.dst  bus [2],
  output logic [4:0] y_o
);
  assign y_o = {1'b0, bus[0].data} + {1'b0, bus[1].data};
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [4:0] y_o
);
  if6_bus b [2] ();
  assign b[0].data = d_i[3:0];
  assign b[1].data = d_i[7:4];
  if6_sum u_sum (.bus(b), .y_o(y_o));
endmodule
