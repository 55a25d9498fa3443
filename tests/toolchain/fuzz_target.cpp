// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the ELF reader and every partition check on arbitrary bytes. Any input must
// end in success or in ElfError/LdError/ImageError (one line); anything else, or a sanitizer report, is a
// bug. Built by clang from tests/toolchain/CMakeLists.txt when libFuzzer is available.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "baton/image/image.hpp"
#include "baton/elf/elf_file.hpp"
#include "baton/ld/linker.hpp"

namespace {

// A rejection (the reader's ElfError or the linker's LdError) must be one line.
void expect_one_line(const char* what) {
  if (std::string_view(what).find('\n') != std::string_view::npos) {
    std::fprintf(stderr, "multi-line error: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto elf = baton::elf::ElfFile::parse(std::span(data, size), "fuzz");
    const auto fw = baton::ld::link(elf, baton::ld::Options{});
    const auto bin = fw.image.serialize();
    (void)baton::image::Image::parse(bin, "fuzz-image");  // what we write, we can read
  } catch (const baton::elf::ElfError& e) {
    expect_one_line(e.what());
  } catch (const baton::ld::LdError& e) {
    expect_one_line(e.what());
  } catch (const baton::image::ImageError& e) {
    std::fprintf(stderr, "linker built an image its reader rejects: %s\n", e.what());
    std::abort();  // the linker only builds valid images
  }
  return 0;
}
