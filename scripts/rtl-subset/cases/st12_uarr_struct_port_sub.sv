// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs passed through a submodule port
// VERDICT: allowed
`default_nettype none
package st12_pkg;
  typedef struct packed {
    logic       v;
    logic [2:0] id;
  } e_t;
endpackage
module st12_pick (
  input  st12_pkg::e_t tab_i [4],
  input  logic [1:0]   i_i,
  output logic [2:0]   id_o,
  output logic         v_o
);
  assign id_o = tab_i[i_i].id;
  assign v_o  = tab_i[i_i].v;
endmodule
module top (
  input  logic [15:0] d_i,
  input  logic [1:0]  i_i,
  output logic [2:0]  id_o,
  output logic        v_o
);
  st12_pkg::e_t tab [4];
  for (genvar k = 0; k < 4; k++) begin : gen_tab
    assign tab[k] = st12_pkg::e_t'(d_i[4*k +: 4]);
  end
  st12_pick u_pick (.tab_i(tab), .i_i(i_i), .id_o(id_o), .v_o(v_o));
endmodule
