// The plain baseline of the sweep benchmark: N threads, each taking the next
// path from a shared list and hashing the file with OpenSSL EVP SHA-256 in
// 1 MiB reads. No walker, no queue, no analysers: what "just hashing the
// tree" costs on this machine (issue 3: the sweep should reach 0.9x of it).
//
// Usage: hash_loop THREADS < paths (NUL-separated, as find -print0 writes)
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

void HashFiles(const std::vector<std::string>& paths, std::atomic<std::size_t>& next,
               std::atomic<std::uint64_t>& bytes) {
  std::unique_ptr<EVP_MD, void (*)(EVP_MD*)> md(EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                EVP_MD_free);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::vector<unsigned char> buffer(1 << 20);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  for (std::size_t i; (i = next.fetch_add(1)) < paths.size();) {
    int fd = open(paths[i].c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr);
    ssize_t got;
    while ((got = read(fd, buffer.data(), buffer.size())) > 0) {
      EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got));
      bytes += static_cast<std::uint64_t>(got);
    }
    EVP_DigestFinal_ex(ctx.get(), out, &n);
    close(fd);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  std::string all(std::istreambuf_iterator<char>(std::cin), {});
  std::vector<std::string> paths;
  for (std::size_t start = 0, end; start < all.size(); start = end + 1) {
    end = all.find('\0', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) paths.emplace_back(all, start, end - start);
  }
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> bytes{0};
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([&] { HashFiles(paths, next, bytes); });
  for (std::thread& t : pool) t.join();
  std::fprintf(stderr, "hash_loop: %zu files, %llu bytes\n", paths.size(),
               static_cast<unsigned long long>(bytes.load()));
  return 0;
}
