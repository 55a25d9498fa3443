// AXI4-Stream packet agents: a source that splits byte packets into beats (tdata, tkeep, tlast,
// tuser) and a sink that reassembles them, each with idle/backpressure generators. Beat data is
// little-endian: byte i of a beat sits in tdata[8i+7:8i] and is valid when tkeep[i] is set.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "baton/tb/pattern.hpp"
#include "baton/tb/scheduler.hpp"

namespace baton::tb {

struct AxisPacket {
  std::vector<std::uint8_t> data;
  bool error = false;  // tuser on the last beat: the MAC flagged the frame
  bool operator==(const AxisPacket&) const = default;
};

// One beat as the agents see it; `bytes` has the bus width, unused lanes are zero.
struct AxisBeat {
  std::vector<std::uint8_t> bytes;
  std::uint64_t keep = 0;  // up to 64 byte lanes (512-bit bus)
  bool last = false;
  bool user = false;
};

struct AxisSourcePins {
  std::function<void(bool)> set_valid;
  std::function<bool()> ready;
  std::function<void(const AxisBeat&)> set_beat;
};

struct AxisSinkPins {
  std::function<bool()> valid;
  std::function<void(bool)> set_ready;
  std::function<AxisBeat()> beat;
};

// Splits a packet into beats of `lanes` bytes; the last beat's tkeep is contiguous from lane 0.
std::vector<AxisBeat> to_beats(const AxisPacket& p, unsigned lanes);

class AxisSource {
 public:
  AxisSource(Scheduler& sched, AxisSourcePins pins, unsigned lanes, std::string name,
             Pattern willing = pattern::always());
  AxisSource(const AxisSource&) = delete;
  AxisSource& operator=(const AxisSource&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  void push(const AxisPacket& p);
  [[nodiscard]] std::uint64_t packets_sent() const { return packets_sent_; }
  [[nodiscard]] bool idle() const { return beats_.empty() && !valid_; }
  std::function<void(std::uint64_t packet_index)> on_packet_sent;

 private:
  void sample();
  void drive();

  Scheduler& sched_;
  AxisSourcePins pins_;
  unsigned lanes_;
  std::string name_;
  Pattern willing_;
  std::deque<AxisBeat> beats_;
  bool valid_ = false;
  std::uint64_t packets_sent_ = 0;
};

class AxisSink {
 public:
  AxisSink(Scheduler& sched, AxisSinkPins pins, unsigned lanes, std::string name,
           Pattern ready = pattern::always());
  AxisSink(const AxisSink&) = delete;
  AxisSink& operator=(const AxisSink&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  std::function<void(const AxisPacket&)> on_packet;
  [[nodiscard]] std::uint64_t packets() const { return packets_; }

 private:
  void sample();
  void drive();

  Scheduler& sched_;
  AxisSinkPins pins_;
  unsigned lanes_;
  std::string name_;
  Pattern willing_;
  bool ready_ = false;
  AxisPacket current_;
  std::uint64_t packets_ = 0;
};

}  // namespace baton::tb
