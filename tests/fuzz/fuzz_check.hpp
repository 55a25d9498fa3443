// SPDX-License-Identifier: Apache-2.0
// Checks shared by the libFuzzer targets (fuzz_entry.cpp) and the corpus replay test
// (corpus_test.cpp). Each check_* function takes one input and returns normally when the code
// under test behaved as documented: it accepted the input, or rejected it with its documented
// exception type and a one-line message. Anything else is reported through bug().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace baton::fuzz {

using Input = std::span<const std::uint8_t>;

void check_pcap(Input in);    // baton::net::read_pcap
void check_config(Input in);  // baton::golden::parse_config, baton::fw::parse_config, compile_blob
void check_image(Input in);   // baton::image::load (binary image and JSON manifest)

// A failed check. The libFuzzer build prints the message and aborts (libFuzzer then saves the
// input); the replay test throws FuzzFailure instead, to name the corpus file.
struct FuzzFailure {
  std::string what;
};
[[noreturn]] void bug(const std::string& what);
void set_throw_on_bug(bool on);

// A rejection must carry a non-empty message without a line break.
void expect_one_line(std::string_view type, const char* what);

// A file in memory-backed storage (/dev/shm when it exists) that a check rewrites for every input,
// for the readers that take a path. One per process and tag; removed at exit.
const std::string& scratch_file(std::string_view tag, Input contents);

}  // namespace baton::fuzz
