// SPDX-License-Identifier: Apache-2.0
// The flowstamp firmware's environment (sw/examples/flowstamp; its header restated here as the
// firmware's independent reader): traffic of sessions in both directions, the engine with flow
// state (engine_t4_fs) booted with the firmware and its event classes, each packet's fate and its
// stamp. Used by the flow-state system tests (tests/system/flow_*test.cpp, which check every
// stamp against the stimulus) and baton-bench-flow.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "Vengine_t4_fs.h"
#include "baton/abi.hpp"
#include "baton/bytes.hpp"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace baton::env::engine::flowstamp {

using namespace baton::env::engine;
using namespace baton::net;
using baton::abi::EventType;
using Status = baton::abi::flow_state::Status;


constexpr unsigned kPartStamp3 = 1, kPartStamp4 = 2, kPartStamp3b = 3;
constexpr std::uint32_t kMagic = 0xf1a95001U;
constexpr unsigned kDropUnrouted = 0x31;
constexpr std::size_t kStampWords = 8;
constexpr unsigned kPorts = 4;
constexpr std::uint32_t kTagBase = 0x1000;

// Counter indices of the flow-state window (rtl/flow/baton_flow_regs.rdl).
enum Counter : unsigned { kLookups = 0, kHits = 1, kInserts = 2, kMisses = 3, kFull = 4, kBusy = 5,
                          kDones = 12, kWbConflicts = 13, kWbErrors = 14, kUsed = 16, kPulls = 18, kWbs = 19 };

struct Stamp {
  std::uint32_t magic, flow, status, l3_packets, l3_bytes, l4_packets, l4_prev, tag_prev;
};

inline Stamp stamp_of(std::span<const std::uint8_t> out, std::size_t in_len) {
  Stamp s{};
  if (out.size() != in_len + 4 * kStampWords) return s;
  std::array<std::uint32_t, kStampWords> w{};
  for (std::size_t i = 0; i < kStampWords; ++i) w[i] = bytes::load_le32(out, in_len + 4 * i);
  return {w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]};
}

// What happened to one packet.
struct Outcome {
  bool sent = false;
  unsigned port = 0;
  std::vector<std::uint8_t> frame;
  bool dropped = false;
  unsigned reason = 0;
};

struct Flow {
  unsigned port = 0;
  std::vector<std::size_t> packets;  // in order
};

struct Traffic {
  std::vector<golden::Packet> packets;
  std::vector<bool> opens_or_closes;  // per packet: a TCP SYN, SYN-ACK, FIN or RST event
  std::vector<Flow> flows;
  std::vector<std::size_t> unrouted;  // IPv4 without TCP or UDP: the class table routes none
};

// `sessions` sessions, each a flow in both directions (two flow keys, on two ports), TCP or UDP,
// 1..`max_len` packets per direction, interleaved at random (each flow's packets keep their
// order); plus a few IPv4 packets of another protocol.
// Whether a TCP frame built here (Ethernet, IPv4 without options, TCP) has FIN or RST set.
inline bool pkb_flags_close(const std::vector<std::uint8_t>& frame) {
  return frame.size() > 47 && (frame[47] & 0x05) != 0;
}

inline Traffic make_traffic(std::uint64_t seed, unsigned sessions, unsigned max_len) {
  tb::Rng rng(seed);
  Traffic t;
  const Mac ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
  struct Made {
    golden::Packet p;
    std::size_t flow;  // or SIZE_MAX for unrouted
    double at;
    bool special = false;  // SYN, SYN-ACK, FIN or RST
  };
  std::vector<Made> made;
  for (unsigned s = 0; s < sessions; ++s) {
    const bool tcp = rng.chance(0.5);
    const Ip4 a = ip4(fmt::format("10.{}.{}.1", s / 200, s % 200)), b = ip4("192.0.2.7");
    const auto pa = static_cast<std::uint16_t>(1024 + s), pb = static_cast<std::uint16_t>(rng.range(1, 65535));
    const auto port = static_cast<unsigned>(rng.range(0, kPorts - 1));
    for (unsigned dir = 0; dir < 2; ++dir) {
      Flow f;
      f.port = (port + dir * 2) % kPorts;  // the two directions enter on different ports
      const unsigned n = static_cast<unsigned>(rng.range(1, max_len));
      double at = static_cast<double>(rng.range(0, 1000));
      for (unsigned k = 0; k < n; ++k) {
        PacketBuilder pkb;
        pkb.eth(dir ? ma : mb, dir ? mb : ma).ipv4({.src = dir ? b : a, .dst = dir ? a : b});
        const auto sp = dir ? pb : pa, dp = dir ? pa : pb;
        if (tcp) {
          std::uint16_t flags = 0x010;
          if (k == 0) flags = dir ? 0x012 : 0x002;
          else if (k + 1 == n && rng.chance(0.3)) flags = rng.chance(0.5) ? 0x011 : 0x014;  // FIN, RST
          pkb.tcp({.sport = sp, .dport = dp, .flags = flags});
        } else {
          pkb.udp({.sport = sp, .dport = dp});
        }
        pkb.payload(rng.range(0, 300), static_cast<std::uint8_t>(k));
        golden::Packet p;
        p.frame = pkb.pad_to(60).build();
        p.port = static_cast<std::uint8_t>(f.port);
        made.push_back({p, t.flows.size(), at, tcp && (k == 0 || pkb_flags_close(p.frame))});
        at += static_cast<double>(rng.range(1, 400));
      }
      t.flows.push_back(f);
    }
  }
  for (unsigned i = 0; i < sessions / 8 + 1; ++i) {
    PacketBuilder pkb;
    pkb.eth(ma, mb).ipv4({.src = ip4("10.9.9.9"), .dst = ip4("192.0.2.7"), .proto = 47}).payload(40, 0x47);
    golden::Packet p;
    p.frame = pkb.pad_to(60).build();
    p.port = static_cast<std::uint8_t>(rng.range(0, kPorts - 1));
    made.push_back({p, SIZE_MAX, static_cast<double>(rng.range(0, 1000)), false});
  }
  std::stable_sort(made.begin(), made.end(), [](const Made& x, const Made& y) { return x.at < y.at; });
  for (auto& m : made) {
    if (m.flow == SIZE_MAX) {
      t.unrouted.push_back(t.packets.size());
    } else {
      t.flows[m.flow].packets.push_back(t.packets.size());
    }
    t.opens_or_closes.push_back(m.special);
    t.packets.push_back(std::move(m.p));
  }
  return t;
}

class FlowEngine {
 public:
  // `image`: the flowstamp image prefix. `pools`: TCP SYN, SYN-ACK, FIN and RST events go to
  // stamp3b, the rest to stamp3 (SP2). `mode`: the classes' lookup mode (2 find or insert, 1 find,
  // 0 none: no flow state, for comparison).
  FlowEngine(const std::string& image, const EnvOptions& o, bool pools = false, unsigned mode = 2)
      : fw_(load_firmware(image, default_config_path())), env_(default_geometry(4), o) {
    env_.boot(fw_);
    // TCP and UDP events of channel group 0 (every port's reset group), find or insert.
    for (const auto t : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                         EventType::kTcpFin, EventType::kTcpRst}) {
      const bool special = t != EventType::kUdp && t != EventType::kTcp;
      const unsigned part = (pools && special) ? kPartStamp3b : kPartStamp3;
      env_.reg_write(csr::ing_class(static_cast<unsigned>(t)), 1U | (mode << 1) | (part << 8));
    }
    env_.reg_write(csr::flow_part_layer(kPartStamp4), 1U << (kPartStamp4 % 32));
    if (env_.reg_read(csr::flow_part_layer(kPartStamp4)) != (1U << (kPartStamp4 % 32))) {
      throw std::runtime_error("flowstamp: PART_LAYER0 does not read back");
    }
  }

  // Runs the packets: each one's fate (frames from the outputs, drops from the observation port
  // through the scoreboard, whose golden router verdicts do not apply here), the run's
  // statistics, and what went wrong outside the packets (a stray frame, a timeout).
  struct Result {
    std::vector<Outcome> fates;
    RunStats stats;
    std::vector<std::string> errors;
  };
  Result run(const std::vector<golden::Packet>& pk) {
    Result r;
    std::vector<Outcome>& fates = r.fates;
    fates.resize(pk.size());
    env_.on_frame = [&](unsigned out, const std::vector<std::uint8_t>& data, std::uint64_t, std::size_t idx) {
      if (idx >= fates.size()) {
        r.errors.push_back(fmt::format("an output frame of no packet on output {}", out));
        return;
      }
      fates[idx].sent = true;
      fates[idx].port = out;
      fates[idx].frame.assign(data.begin(), data.end());
    };
    Scoreboard sb(fw_.config, kPorts);
    r.stats = env_.run(pk, sb);
    env_.on_frame = nullptr;
    if (r.stats.timed_out) r.errors.push_back("the run timed out");
    for (const auto& v : sb.verdicts()) {
      if (v.fate == Fate::kDropped) {
        fates.at(v.index).dropped = true;
        fates.at(v.index).reason = v.reason;
      }
    }
    return r;
  }

  std::uint32_t counter(unsigned c) { return env_.reg_read(csr::flow_counter(c)); }
  // Contexts that entered partition p's queue (queued or bypassed).
  std::uint32_t entered(unsigned p) { return env_.part_entered(p); }
  EngineEnv<Vengine_t4_fs>& env() { return env_; }

 private:
  Firmware fw_;
  EngineEnv<Vengine_t4_fs> env_;
};

}  // namespace baton::env::engine::flowstamp
