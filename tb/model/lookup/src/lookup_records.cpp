// SPDX-License-Identifier: Apache-2.0
#include "baton/model/lookup/lookup_records.hpp"

#include <fmt/format.h>

namespace baton::model::lookup {

namespace {

// Writes fields from the least significant end upwards (the reverse of the package's order).
template <std::size_t W>
class Writer {
 public:
  explicit Writer(Bits<W>& b) : b_(b) {}
  void put(std::size_t width, std::uint64_t v) {
    b_.set(lsb_, width, v);
    lsb_ += width;
  }
  // A little-endian byte field (portion data: byte i is bits [8i+7:8i]).
  template <std::size_t N>
  void put_le(const std::array<std::uint8_t, N>& a) {
    for (std::size_t i = 0; i < N; ++i) put(8, a[i]);
  }
  void put_ctx(const Ctx& c) {
    detail::put_ctx(b_, lsb_, c);
    lsb_ += kCtxWidth;
  }
  void put_tiles(const Tiles& t) {
    for (std::size_t l = 0; l < kLayers; ++l) put(width::kTile, t[l]);
  }
  [[nodiscard]] std::size_t lsb() const { return lsb_; }

 private:
  Bits<W>& b_;
  std::size_t lsb_ = 0;
};

template <std::size_t W>
class Reader {
 public:
  explicit Reader(const Bits<W>& b) : b_(b) {}
  std::uint64_t take(std::size_t width) {
    const auto v = b_.get(lsb_, width);
    lsb_ += width;
    return v;
  }
  template <std::size_t N>
  std::array<std::uint8_t, N> take_le() {
    std::array<std::uint8_t, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = static_cast<std::uint8_t>(take(8));
    return a;
  }
  Ctx take_ctx() {
    const Ctx c = detail::get_ctx(b_, lsb_);
    lsb_ += kCtxWidth;
    return c;
  }
  Tiles take_tiles() {
    Tiles t{};
    for (std::size_t l = 0; l < kLayers; ++l) t[l] = static_cast<std::uint8_t>(take(width::kTile));
    return t;
  }

 private:
  const Bits<W>& b_;
  std::size_t lsb_ = 0;
};

}  // namespace

std::string to_string(Status s) {
  static constexpr std::array<const char*, 10> kNames{"Hit", "Inserted", "Miss", "Full", "Busy",
                                                      "Deleted", "DelMiss", "Timeout", "TmoStale", "Generated"};
  const auto i = static_cast<std::size_t>(s);
  return i < kNames.size() ? kNames[i] : fmt::format("Status({})", i);
}

std::string to_string(OpKind k) {
  switch (k) {
    case OpKind::kReq: return "req";
    case OpKind::kDel: return "del";
    case OpKind::kTmo: return "tmo";
    case OpKind::kGen: return "gen";
  }
  return fmt::format("OpKind({})", static_cast<int>(k));
}

std::array<std::uint8_t, kKeyBytes> FlowKey::bytes() const {
  std::array<std::uint8_t, kKeyBytes> b{};
  for (std::size_t i = 0; i < 16; ++i) {
    b[i] = src_addr[i];
    b[16 + i] = dst_addr[i];
  }
  b[32] = static_cast<std::uint8_t>(src_port >> 8);
  b[33] = static_cast<std::uint8_t>(src_port);
  b[34] = static_cast<std::uint8_t>(dst_port >> 8);
  b[35] = static_cast<std::uint8_t>(dst_port);
  b[36] = proto;
  const std::uint16_t tail = static_cast<std::uint16_t>(((vlan & 0xfffU) << 4) | ((in_class & 7U) << 1) | (ipv6 ? 1U : 0U));
  b[37] = static_cast<std::uint8_t>(tail >> 8);
  b[38] = static_cast<std::uint8_t>(tail);
  return b;
}

FlowKey FlowKey::from_bytes(const std::array<std::uint8_t, kKeyBytes>& b) {
  FlowKey k;
  for (std::size_t i = 0; i < 16; ++i) {
    k.src_addr[i] = b[i];
    k.dst_addr[i] = b[16 + i];
  }
  k.src_port = static_cast<std::uint16_t>((b[32] << 8) | b[33]);
  k.dst_port = static_cast<std::uint16_t>((b[34] << 8) | b[35]);
  k.proto = b[36];
  const unsigned tail = (static_cast<unsigned>(b[37]) << 8) | b[38];
  k.vlan = static_cast<std::uint16_t>(tail >> 4);
  k.in_class = static_cast<std::uint8_t>((tail >> 1) & 7U);
  k.ipv6 = (tail & 1U) != 0;
  return k;
}

std::string FlowKey::str() const {
  std::string s;
  for (auto v : bytes()) s += fmt::format("{:02x}", v);
  return s;
}

// The key is packed MSB first: byte 0 of bytes() is the most significant byte.
template <std::size_t W>
static void put_key(Writer<W>& w, const FlowKey& k) {
  const auto b = k.bytes();
  for (std::size_t i = kKeyBytes; i > 0; --i) w.put(8, b[i - 1]);
}

Bits<kReqW> pack(const Req& r) {
  Bits<kReqW> b;
  Writer w(b);
  w.put_ctx(r.ctx);
  w.put_tiles(r.tiles);
  put_key(w, r.key);
  w.put(1, r.insert ? 1 : 0);
  w.put(kTagW, r.tag);
  return b;
}

Bits<kWbW> pack(const Wb& x) {
  Bits<kWbW> b;
  Writer w(b);
  w.put_le(x.shared);
  w.put(kPortionBytes, x.shared_be);
  w.put_le(x.priv);
  w.put(kPortionBytes, x.priv_be);
  w.put(1, x.done ? 1 : 0);
  w.put(1, x.layer);
  w.put(kSlotW, x.slot);
  return b;
}

Bits<kCmdW> pack(const Cmd& c) {
  Bits<kCmdW> b;
  Writer w(b);
  w.put_tiles(c.tiles);
  w.put(width::kPart, c.part);
  w.put(width::kTime, c.timeout);
  w.put(width::kFlow, c.flow);
  w.put(2, static_cast<std::uint64_t>(c.op));
  return b;
}

Bits<kGenW> pack(const Gen& g) {
  Bits<kGenW> b;
  Writer w(b);
  w.put(width::kPart, g.part);
  w.put(width::kFlow, g.flow);
  return b;
}

Bits<kSpadReqW> pack(const SpadReq& s) {
  Bits<kSpadReqW> b;
  Writer w(b);
  w.put(32, s.wdata);
  w.put(4, s.be);
  w.put(kSpadAw, s.addr);
  w.put(1, s.we ? 1 : 0);
  return b;
}

Disp unpack_disp(const Bits<kDispW>& b) {
  Reader r(b);
  Disp d;
  d.ctx = r.take_ctx();
  d.tiles = r.take_tiles();
  d.tag = static_cast<std::uint16_t>(r.take(kTagW));
  d.status = static_cast<Status>(r.take(4));
  d.slot = static_cast<std::uint8_t>(r.take(kSlotW));
  return d;
}

Ws unpack_ws(const Bits<kWsW>& b) {
  Reader r(b);
  Ws x;
  x.shared = r.take_le<kPortionBytes>();
  x.priv = r.take_le<kPortionBytes>();
  x.flow = static_cast<std::uint32_t>(r.take(width::kFlow));
  x.slot = static_cast<std::uint8_t>(r.take(kSlotW));
  x.tile = static_cast<std::uint8_t>(r.take(width::kTile));
  return x;
}

Res unpack_res(const Bits<kResW>& b) {
  Reader r(b);
  Res x;
  x.slot = static_cast<std::uint8_t>(r.take(kSlotW));
  x.flow = static_cast<std::uint32_t>(r.take(width::kFlow));
  x.tag = static_cast<std::uint16_t>(r.take(kTagW));
  x.status = static_cast<Status>(r.take(4));
  x.kind = static_cast<OpKind>(r.take(2));
  return x;
}

Expiry unpack_expiry(const Bits<kExpiryW>& b) {
  Reader r(b);
  Expiry x;
  x.tiles = r.take_tiles();
  x.part = static_cast<std::uint8_t>(r.take(width::kPart));
  x.deadline = static_cast<std::uint32_t>(r.take(width::kTime));
  x.flow = static_cast<std::uint32_t>(r.take(width::kFlow));
  return x;
}

Stats unpack_stats(const Bits<kStatsW>& b) {
  Stats s{};
  for (std::size_t i = 0; i < kNumStats; ++i) {
    s[i] = static_cast<std::uint32_t>(b.get((kNumStats - 1 - i) * 32, 32));
  }
  return s;
}

}  // namespace baton::model::lookup
