// SPDX-License-Identifier: Apache-2.0
// baton-fwconfig: compiles a router configuration (docs/feature-set.md section 2) into the binary
// blob of the reference firmware (docs/firmware.md, "Configuration blob").
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <fstream>

#include "baton/fw/blob.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Compile a router configuration into the reference firmware's config blob"};
  std::string config;
  std::string out;
  std::string hex;
  bool summary = false;
  app.add_option("config", config, "JSON configuration")->required();
  app.add_option("-o,--out", out, "blob file (raw bytes, loaded at 0x90010000)");
  app.add_option("--hex", hex, "the blob as $readmemh words (32-bit, lowest address first)");
  app.add_flag("--summary", summary, "print the table sizes");
  CLI11_PARSE(app, argc, argv);
  try {
    const auto blob = baton::fw::compile_blob(baton::fw::load_config(config));
    if (!out.empty()) {
      std::ofstream f(out, std::ios::binary);
      f.write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
      if (!f) throw baton::fw::ConfigError(fmt::format("{}: cannot write", out));
    }
    if (!hex.empty()) {
      std::ofstream f(hex);
      f << fmt::format("// baton-fwconfig blob of {}, {} bytes at 0x{:08x}\n", config, blob.size(), FWC_BASE);
      for (std::size_t i = 0; i < blob.size(); i += 4)
        f << fmt::format("{:02x}{:02x}{:02x}{:02x}\n", blob[i + 3], blob[i + 2], blob[i + 1], blob[i]);
      if (!f) throw baton::fw::ConfigError(fmt::format("{}: cannot write", hex));
    }
    if (summary) {
      auto w = [&](unsigned o) { return blob[o] | (blob[o + 1] << 8) | (blob[o + 2] << 16) | (blob[o + 3] << 24); };
      fmt::print("blob {} bytes at 0x{:08x}: ipv4 {} results {} chunks, ipv6 {} results {} chunks\n", blob.size(),
                 FWC_BASE, w(FWC_H_V4_RESULTS), w(FWC_H_V4_CHUNKS), w(FWC_H_V6_RESULTS), w(FWC_H_V6_CHUNKS));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "baton-fwconfig: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
