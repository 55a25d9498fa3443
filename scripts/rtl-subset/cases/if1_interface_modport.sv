// SPDX-License-Identifier: Apache-2.0
// CASE: interface with modports; producer/consumer modules take modport ports
// VERDICT: forbidden(interface)
`default_nettype none
interface if1_bus;
  logic       valid;
  logic [7:0] data;
  modport src (output valid, output data);
  modport dst (input valid, input data);
endinterface
module if1_prod (
  if1_bus.src  bus,
  input  logic [7:0] d_i
);
  assign bus.valid = d_i[0];
  assign bus.data  = d_i + 8'd1;
endmodule
module if1_cons (
  if1_bus.dst  bus,
  output logic [7:0] y_o
);
  assign y_o = bus.valid ? bus.data : 8'h00;
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  if1_bus b ();
  if1_prod u_prod (.bus(b), .d_i(d_i));
  if1_cons u_cons (.bus(b), .y_o(y_o));
endmodule
