// SPDX-License-Identifier: Apache-2.0
// CASE: parameterized interface, width taken from the interface parameter
// VERDICT: forbidden(interface)
`default_nettype none
interface if3_bus #(
  parameter int unsigned W = 8
);
  logic [W-1:0] data;
  modport src (output data);
  modport dst (input data);
endinterface
module if3_prod (
  if3_bus.src  bus,
  input  logic [11:0] d_i
);
  assign bus.data = d_i ^ 12'h0f0;
endmodule
module if3_cons (
  if3_bus.dst  bus,
  output logic [11:0] y_o
);
  assign y_o = bus.data;
endmodule
module top (
  input  logic [11:0] d_i,
  output logic [11:0] y_o
);
  if3_bus #(.W(12)) b ();
  if3_prod u_prod (.bus(b), .d_i(d_i));
  if3_cons u_cons (.bus(b), .y_o(y_o));
endmodule
