// SPDX-License-Identifier: Apache-2.0
// Reference model of the engine's ingress (docs/ingress.md, docs/architecture.md "Integrated
// engine contract"): what the hardware decides for one frame before any firmware runs.
//
// Written from docs/feature-set.md (3.1, 5, 6) and the contract, not from the RTL. The flow key
// and the Toeplitz hash come from tb/net (flow_key(), toeplitz()), which are checked against the
// published RSS vectors.
//
//   IngressModel m(IngressConfig{});                    // defaults: limits 60..1522, RSS key
//   Outcome o = m.process(frame, in_port, tuser, handle, arrival);
//   if (o.drop) { /* H1..H3: *o.drop is 0x89, 0x88 or 0x87 */ } else { use(o.ctx); }
//
// process() advances the per-bucket sequence counter only for accepted frames, in call order,
// so call it in the order the hardware dispatches. parse() and hw_drop() are pure functions.
// Resource exhaustion (0x85 buffer full, 0x86 queue full) depends on timing and is never
// predicted here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "baton/abi.hpp"
#include "baton/model/lookup/lookup_records.hpp"
#include "baton/records.hpp"

namespace baton::model::ingress {

using ByteView = std::span<const std::uint8_t>;

// Hardware drop reasons the ingress gives (the ABI's DropReason, abi/baton_abi.toml).
inline constexpr std::uint8_t kDropBufferFull = static_cast<std::uint8_t>(abi::DropReason::kBufferFull);
inline constexpr std::uint8_t kDropRunt = static_cast<std::uint8_t>(abi::DropReason::kRunt);
inline constexpr std::uint8_t kDropOversize = static_cast<std::uint8_t>(abi::DropReason::kOversize);
inline constexpr std::uint8_t kDropTuserError = static_cast<std::uint8_t>(abi::DropReason::kTuserError);

// SP1 event types (the ABI's, abi/baton_abi.toml [event]; exact rules in docs/ingress.md).
using Event = abi::EventType;
// Any of the TCP event types (ACK/data, SYN, SYN-ACK, FIN, RST).
constexpr bool is_tcp_event(Event e) {
  return e == Event::kTcp || e == Event::kTcpSyn || e == Event::kTcpSynack || e == Event::kTcpFin ||
         e == Event::kTcpRst;
}
enum class L3Kind : std::uint8_t { kOther = 0, kArp = 1, kIpv4 = 2, kIpv6 = 3 };
enum class L4Kind : std::uint8_t { kNone = 0, kTcp = 1, kUdp = 2, kIcmp = 3, kIcmpv6 = 4, kOther = 5 };

// The parse word (ctx.args[0]) as fields; pack()/unpack() give the 32-bit layout of the contract.
struct ParseWord {
  std::uint8_t l3_off = 14;
  std::uint8_t l4_off = 0;
  std::uint8_t tags = 0;  // 0..2, 3 = more than two
  L3Kind l3 = L3Kind::kOther;
  L4Kind l4 = L4Kind::kNone;
  bool csum_ok = false;
  bool malformed = false;
  bool fragment = false;

  [[nodiscard]] std::uint32_t pack() const;
  static ParseWord unpack(std::uint32_t w);
  bool operator==(const ParseWord&) const = default;
};

// Everything the parser derives from the frame bytes alone.
struct ParseInfo {
  ParseWord word;
  std::uint32_t hash = 0;        // Toeplitz hash of the flow key, 0 for an empty key
  std::uint16_t ethertype = 0;   // after the tags (0 for frames shorter than 14 bytes)
  Event event = Event::kOther;
  std::uint32_t l4sum = 0;       // ctx.args[3]: kL4SumPresent | sum, or 0 (l4_sum())
  bool operator==(const ParseInfo&) const = default;
};

// The event class table (SP4, docs/ingress.md registers CLASS and PORT_GROUP): an enabled class
// {channel group of the port, event type} routes its events to its partition and entry, ahead of
// MP3 affinity and the initial partition. The lookup mode is the flow-state unit's (the engine
// does not look flows up in RTL yet; the ISS engine model does).
enum class LookupMode : std::uint8_t { kNone = 0, kFind = 1, kInsert = 2 };
struct EventClass {
  bool enabled = false;
  LookupMode mode = LookupMode::kNone;
  std::uint8_t part = 0;
  std::uint16_t entry = 0;  // entry-table index (15 bits)
  bool conn = false;  // CONN: the lookup uses the connection key; args[2] bit 16 = reversed
  bool aff = false;   // AFF: part + (hash mod aff_count), the MP2 replica of the flow
};
inline constexpr unsigned kEventClasses = 1U << abi::kEventClassBits;
constexpr unsigned event_class(unsigned group, abi::EventType type) {
  return (group << abi::kEventTypeBits) | static_cast<unsigned>(type);
}

// SP4 logical channels (docs/ingress.md "Channels", registers PORT_GROUP, PORT_VLAN, VLAN_CHANk,
// PORT_CLASS_*): a frame's channel group is its port's, unless the port has VLAN channels, the
// frame a VLAN tag and an enabled VLAN channel entry its outer VLAN id (the lowest such entry's
// group). The port's class is the flow key's in_class.
struct VlanChannel {
  bool enabled = false;
  std::uint16_t vid = 0;   // 12 bits
  std::uint8_t group = 0;  // 0..3
};
inline constexpr unsigned kVlanChannels = 8;
struct ChannelConfig {
  std::array<std::uint8_t, 16> port_group{};  // channel group (0..3) of each port
  std::uint16_t port_vlan = 0;                // bit p: port p's tagged frames use the VLAN table
  std::array<VlanChannel, kVlanChannels> vlan{};
  std::array<std::uint8_t, 16> port_class{};  // the flow key's in_class (0..7) of each port
};
// The channel group of a frame on `port` with parse word `w`; throws std::invalid_argument for a
// group, VLAN id or class out of range (the registers' field widths).
unsigned channel_group(const ChannelConfig& cfg, unsigned port, ByteView frame, const ParseWord& w);
void check_channels(const ChannelConfig& cfg);

struct IngressConfig {
  unsigned min_frame = 60;       // H3: shorter frames are runts
  unsigned max_frame = 1522;     // H2: longer frames are oversize (never more than slot_bytes)
  unsigned slot_bytes = 2048;    // packet-buffer slot size
  std::array<std::uint8_t, 40> hash_key = kDefaultKey;
  unsigned num_buckets = 1024;   // power of two
  std::uint8_t init_part = 0;
  bool affinity = false;         // MP3: TCP events to aff_base + (hash mod aff_count)
  std::uint8_t aff_base = 0;
  unsigned aff_count = 1;        // power of two
  std::uint32_t stack_bytes = 2048;
  ChannelConfig channels;
  std::array<EventClass, kEventClasses> classes{};
  bool flow_keys = false;        // an engine with flow state (the RTL's FlowKeys): CONN applies

  static const std::array<std::uint8_t, 40> kDefaultKey;  // the RSS verification key
};

// Parser: parse word, hash (under `key`), EtherType and event type of a frame.
ParseInfo parse(ByteView frame, std::span<const std::uint8_t, 40> key);

// The L4 checksum offload of docs/ingress.md "L4 sum" (ctx.args[3]): kL4SumPresent | the
// one's-complement sum of the datagram's L4 bytes and its pseudo-header (1..0xffff), or 0 when
// the frame has none (not IPv4 with a good header checksum and no fragment, nor IPv6 with TCP, UDP
// or ICMPv6 directly after the fixed header; a length beyond the frame; bytes after the datagram
// that reach beyond kL4SumTailEnd).
inline constexpr std::uint32_t kL4SumPresent = 1U << 16;
inline constexpr std::size_t kL4SumTailEnd = 64;
std::uint32_t l4_sum(ByteView frame, const ParseWord& w);

// H1 (tuser) > H2 (oversize) > H3 (runt); nullopt when the frame passes.
std::optional<std::uint8_t> hw_drop(std::size_t len, bool tuser, const IngressConfig& cfg);

// The ordering bucket of contract: (hash ^ (in_port * 0x9E37)) mod num_buckets.
std::uint32_t bucket_of(std::uint32_t hash, unsigned in_port, unsigned num_buckets);

// One 16-bit sequence counter per bucket (all start at 0).
class SeqCounters {
 public:
  explicit SeqCounters(unsigned num_buckets) : next_(num_buckets, 0) {}
  // The bucket's current number; the counter then advances (wrapping at 16 bits).
  std::uint16_t take(std::uint32_t bucket) { return next_.at(bucket)++; }
  [[nodiscard]] std::uint16_t peek(std::uint32_t bucket) const { return next_.at(bucket); }

 private:
  std::vector<std::uint16_t> next_;
};

// The flow key of SP3 (docs/ingress.md "Flow key"), from the frame and its parse word: the
// outer VLAN id, and for IPv4/IPv6 frames whose fixed header is in the frame the addresses and
// the protocol (IPv6: the fragment header's next header when there is one), the ports when the
// parse word names TCP or UDP at an L4 offset, the port's in_class and the IPv6 flag.
lookup::FlowKey flow_key(ByteView frame, const ParseWord& w, std::uint8_t in_class);

// The identifier of an ICMP or ICMPv6 echo request or reply (docs/ingress.md "Connection key"):
// the parse word names ICMP/ICMPv6 at an L4 offset, the type is 8/0 (128/129), and the identifier
// is in the frame.
std::optional<std::uint16_t> echo_id(ByteView frame, const ParseWord& w);

// The connection key (docs/ingress.md "Connection key", feature-set.md 12.2): flow_key() without
// the port class and VLAN id, its endpoints {address, port} in ascending order, and ICMP echo
// keyed by its identifier (source port; destination port 0). `reversed`: the frame's source was
// the higher endpoint (args[2] bit 16 of an event whose class has CONN).
struct ConnKey {
  lookup::FlowKey key;
  bool reversed = false;
};
// For an ICMP/ICMPv6 error whose quoted datagram is usable (docs/ingress.md "Connection key", ICMP
// errors), the key is the quote's.
ConnKey connection_key(ByteView frame, const ParseWord& w);

// The datagram an ICMP or ICMPv6 error quotes, as the directional key and echo identifier the
// connection key is built from: its addresses and protocol, its ports (TCP, UDP) or echo
// identifier, the frame's own in_class, VLAN and family. Nothing when the frame is not such an
// error or the quote does not end within the frame and its first kQuoteWindow bytes.
struct Quote {
  lookup::FlowKey key;
  std::optional<std::uint16_t> echo;
};
inline constexpr std::size_t kQuoteWindow = abi::kQuoteWindow;
std::optional<Quote> quoted_key(ByteView frame, const ParseWord& w, std::uint8_t in_class);
// The same from a directional key and the echo identifier (the RTL's baton_ingress_conn).
ConnKey connection_key(const lookup::FlowKey& directional, std::optional<std::uint16_t> echo);
inline constexpr std::uint32_t kArgReversed = 1U << 16;  // in ctx.args[2]

struct Outcome {
  std::optional<std::uint8_t> drop;  // H1..H3 reason; ctx and info are meaningless when set
  Ctx ctx;                           // the initial context
  ParseInfo info;
  unsigned event_class = 0;          // {channel group, event type}: the class table entry it used
};

class IngressModel {
 public:
  explicit IngressModel(IngressConfig cfg);
  // `handle` and `arrival` are the packet-buffer slot and first-beat cycle (resources and time
  // the model does not simulate); they are copied into the context.
  Outcome process(ByteView frame, unsigned in_port, bool tuser, std::uint16_t handle = 0,
                  std::uint32_t arrival = 0);
  [[nodiscard]] const IngressConfig& config() const { return cfg_; }
  [[nodiscard]] const SeqCounters& seq() const { return seq_; }

 private:
  IngressConfig cfg_;
  SeqCounters seq_;
};

}  // namespace baton::model::ingress
