// SPDX-License-Identifier: Apache-2.0
// Connection key (docs/ingress.md "Connection key", feature-set.md 12.2): the flow key of an
// event class with CONN set, so that both directions of a connection find one lookup entry. The
// two endpoints {address, port} are put in ascending order (compared as unsigned numbers), ICMP
// echo takes its identifier as the source port (destination port 0) after the ordering, and the
// port class and VLAN id are left out. rev_o says the endpoints were swapped (the frame's source
// is the higher endpoint). Purely combinational; the model is
// baton::model::ingress::connection_key().
`default_nettype none

module baton_ingress_conn
  import baton_lookup_pkg::flow_key_t;
(
  input  flow_key_t   key_i,   // the directional key (baton_ingress_key)
  input  logic [16:0] echo_i,  // {ICMP echo, identifier} (baton_ingress_key)
  output flow_key_t   key_o,
  output logic        rev_o
);
  assign rev_o = {key_i.src_addr, key_i.src_port} > {key_i.dst_addr, key_i.dst_port};

  always_comb begin
    key_o          = key_i;
    key_o.in_class = '0;
    key_o.vlan     = '0;
    if (rev_o) begin
      key_o.src_addr = key_i.dst_addr;
      key_o.dst_addr = key_i.src_addr;
      key_o.src_port = key_i.dst_port;
      key_o.dst_port = key_i.src_port;
    end
    if (echo_i[16]) begin
      key_o.src_port = echo_i[15:0];
      key_o.dst_port = '0;
    end
  end
endmodule
