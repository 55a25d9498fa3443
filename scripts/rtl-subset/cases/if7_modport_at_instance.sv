// SPDX-License-Identifier: Apache-2.0
// CASE: modport chosen at the instantiation (.bus(b.src)) with a generic interface port
// VERDICT: forbidden(interface)
`default_nettype none
interface if7_bus;
  logic [7:0] data;
  logic       valid;
  modport src (output data, output valid);
  modport dst (input data, input valid);
endinterface
module if7_prod (
  interface    bus,
  input  logic [7:0] d_i
);
  assign bus.data  = d_i ^ 8'h5a;
  assign bus.valid = ^d_i;
endmodule
module if7_cons (
  interface    bus,
  output logic [7:0] y_o
);
  assign y_o = bus.valid ? bus.data : ~bus.data;
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  if7_bus b ();
  if7_prod u_prod (.bus(b.src), .d_i(d_i));
  if7_cons u_cons (.bus(b.dst), .y_o(y_o));
endmodule
