// SPDX-License-Identifier: Apache-2.0
// CASE: interface instance declared inside a generate block
// VERDICT: forbidden(interface)
`default_nettype none
interface if5_bus;
  logic [3:0] data;
endinterface
module if5_sink (
  if5_bus      bus,
  output logic [3:0] y_o
);
  assign y_o = bus.data ^ 4'ha;
endmodule
module top (
  input  logic [7:0] d_i,
  output logic [7:0] y_o
);
  for (genvar i = 0; i < 2; i++) begin : gen_lane
    if5_bus b ();
    assign b.data = d_i[4*i +: 4];
    if5_sink u_sink (.bus(b), .y_o(y_o[4*i +: 4]));
  end
endmodule
