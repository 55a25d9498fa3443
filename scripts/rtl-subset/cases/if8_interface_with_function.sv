// SPDX-License-Identifier: Apache-2.0
// CASE: interface carrying a function imported through a modport
// VERDICT: forbidden(interface)
`default_nettype none
interface if8_bus;
  logic [7:0] data;
  function automatic logic [7:0] swapped();
    return {data[3:0], data[7:4]};
  endfunction
  modport dst (input data, import swapped);
endinterface
module if8_cons (
  if8_bus.dst  bus,
  output logic [7:0] y_o
);
  assign y_o = bus.swapped();
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  if8_bus b ();
  assign b.data = d_i;
  if8_cons u_cons (.bus(b), .y_o(y_o));
endmodule
