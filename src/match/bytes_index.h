// BytesIndex: an immutable multimap from byte-string keys to item numbers,
// stored flat (one key blob, offset arrays, an open-addressing slot table).
//
// It is the one lookup structure behind IntelSet: digests are stored as raw
// binary keys, IP ranges as 17-byte (address, prefix length) keys, and every
// text type as its folded form. Items are returned in the order they were
// added, so several indicators with the same key come back in input order.
//
// Thread safety: a built BytesIndex is never modified; Find() is const and
// touches no mutable state, so any number of threads may call it at once.
// Limits: fewer than 2^32 items.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace shrike::match {

class BytesIndex {
 public:
  class Builder {
   public:
    // Room for `keys` keys of `bytes` bytes in all (an optimisation only).
    void Reserve(std::size_t keys, std::size_t bytes);
    // Appends a key for an item; keys may repeat.
    void Add(std::string_view key, std::uint32_t item);
    // Appends a key written by the caller straight into the blob (avoids a
    // temporary): append to KeyBuffer(), then EndKey() to keep it or
    // AbortKey() to drop what was appended since the last EndKey().
    std::string& KeyBuffer() { return blob_; }
    void EndKey(std::uint32_t item);
    void AbortKey() { blob_.resize(offsets_.back()); }
    std::size_t size() const { return items_.size(); }
    BytesIndex Build() &&;

   private:
    std::string_view RawKey(std::size_t i) const;
    // Fills index.slots_; returns each raw key's entry number and sets
    // `representative` to the first raw key of each entry.
    std::vector<std::uint32_t> Group(BytesIndex& index,
                                     std::vector<std::uint32_t>& representative) const;

    std::string blob_;
    std::vector<std::uint64_t> offsets_{0};  // key i is blob_[offsets_[i], offsets_[i+1])
    std::vector<std::uint32_t> items_;
  };

  // Items whose key equals `key`, in insertion order; empty when none.
  std::span<const std::uint32_t> Find(std::string_view key) const;
  bool empty() const { return items_.empty(); }
  std::size_t keys() const { return key_offsets_.empty() ? 0 : key_offsets_.size() - 1; }
  std::size_t MemoryUsage() const;

 private:
  struct Slot {
    std::uint32_t entry_plus_one = 0;  // 0: empty
    std::uint32_t tag = 0;             // high bits of the hash, to skip most key compares
  };

  std::string_view KeyOf(std::uint32_t entry) const;

  std::string blob_;                        // unique keys, back to back
  std::vector<std::uint64_t> key_offsets_;  // entries + 1
  std::vector<std::uint32_t> first_;        // entries + 1: items_[first_[e], first_[e+1])
  std::vector<std::uint32_t> items_;
  std::vector<Slot> slots_;  // power-of-two size, load <= 1/2
};

}  // namespace shrike::match
