// SPDX-License-Identifier: Apache-2.0
// Test-only RTL: the parser and the flow-key extractor side by side on one header, as the
// ingress port uses them, with the key flattened (byte 0 of the serialized key in the top bits)
// so tests/unit/ingress can compare it with baton::model::ingress::flow_key(), and the connection
// key beside it (connection_key(), from the quoted datagram for an ICMP error), and the L4 sum (l4_sum()) from the frame sum the port would
// have streamed.
`default_nettype none

module tb_ingress_key (
  input  logic [1023:0] hdr_i,      // frame byte i in bits [8i+7:8i] (the first 128 bytes)
  input  logic [15:0]  len_i,
  input  logic [2:0]   in_class_i,
  input  logic [31:0]  fsum_i,      // raw sum of the frame's 16-bit big-endian words
  output logic [16:0]  l4sum_o,
  output logic [31:0]  word_o,
  output logic [311:0] key_o,
  output logic [311:0] conn_key_o,  // the connection key (baton_ingress_conn), flattened alike
  output logic         conn_rev_o
);
  logic [127:0][7:0] hdr_all;
  logic [95:0][7:0]  hdr;
  assign hdr_all = hdr_i;
  assign hdr     = hdr_all[95:0];

  logic [15:0]  etype;
  logic [7:0]   ev;
  logic [287:0] hash_data;
  logic [5:0]   hash_len;
  logic unused;
  assign unused = ^{etype, ev, hash_data, hash_len};

  baton_ingress_parse u_parse (
    .hdr_i      (hdr),
    .len_i      (len_i),
    .word_o     (word_o),
    .ethertype_o(etype),
    .event_o    (ev),
    .hash_data_o(hash_data),
    .hash_len_o (hash_len)
  );

  baton_ingress_l4sum u_l4sum (
    .hdr_i (hdr),
    .len_i (len_i),
    .word_i(word_o),
    .fsum_i(fsum_i),
    .sum_o (l4sum_o)
  );

  baton_lookup_pkg::flow_key_t key, ckey, conn_key;
  logic [16:0] echo;
  baton_ingress_key u_key (
    .hdr_i     (hdr_all),
    .len_i     (len_i),
    .word_i    (word_o),
    .in_class_i(in_class_i),
    .key_o     (key),
    .ckey_o    (ckey),
    .echo_o    (echo)
  );
  baton_ingress_conn u_conn (
    .key_i (ckey),
    .echo_i(echo),
    .key_o (conn_key),
    .rev_o (conn_rev_o)
  );
  assign key_o      = key;
  assign conn_key_o = conn_key;
endmodule
