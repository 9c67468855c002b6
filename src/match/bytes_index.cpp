#include "match/bytes_index.h"

#include <functional>

namespace shrike::match {
namespace {

std::uint64_t HashKey(std::string_view key) { return std::hash<std::string_view>{}(key); }

std::size_t SlotCapacity(std::size_t keys) {
  std::size_t capacity = 8;
  while (capacity < 2 * keys) capacity *= 2;
  return capacity;
}

}  // namespace

void BytesIndex::Builder::Reserve(std::size_t keys, std::size_t bytes) {
  blob_.reserve(bytes);
  offsets_.reserve(keys + 1);
  items_.reserve(keys);
}

void BytesIndex::Builder::Add(std::string_view key, std::uint32_t item) {
  blob_.append(key);
  EndKey(item);
}

void BytesIndex::Builder::EndKey(std::uint32_t item) {
  offsets_.push_back(blob_.size());
  items_.push_back(item);
}

std::string_view BytesIndex::Builder::RawKey(std::size_t i) const {
  return std::string_view(blob_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
}

// One pass through an open-addressing table groups equal keys (no sort).
std::vector<std::uint32_t> BytesIndex::Builder::Group(
    BytesIndex& index, std::vector<std::uint32_t>& representative) const {
  const std::size_t n = items_.size();
  index.slots_.assign(SlotCapacity(n), Slot{});
  const std::size_t mask = index.slots_.size() - 1;
  std::vector<std::uint32_t> entry_of(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view key = RawKey(i);
    const std::uint64_t hash = HashKey(key);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    std::size_t pos = hash & mask;
    for (;; pos = (pos + 1) & mask) {
      Slot& slot = index.slots_[pos];
      if (slot.entry_plus_one == 0) {
        slot = {static_cast<std::uint32_t>(representative.size() + 1), tag};
        representative.push_back(static_cast<std::uint32_t>(i));
        break;
      }
      if (slot.tag == tag && RawKey(representative[slot.entry_plus_one - 1]) == key) break;
    }
    entry_of[i] = index.slots_[pos].entry_plus_one - 1;
  }
  return entry_of;
}

// Keeps one copy of each key and lays the items out entry by entry, in
// insertion order within an entry.
BytesIndex BytesIndex::Builder::Build() && {
  BytesIndex index;
  if (items_.empty()) return index;
  std::vector<std::uint32_t> representative;
  const std::vector<std::uint32_t> entry_of = Group(index, representative);
  const std::size_t entries = representative.size();
  index.key_offsets_.reserve(entries + 1);
  index.key_offsets_.push_back(0);
  for (std::uint32_t r : representative) {
    index.blob_.append(RawKey(r));
    index.key_offsets_.push_back(index.blob_.size());
  }
  index.first_.assign(entries + 1, 0);
  for (std::uint32_t e : entry_of) ++index.first_[e + 1];
  for (std::size_t e = 0; e < entries; ++e) index.first_[e + 1] += index.first_[e];
  std::vector<std::uint32_t> fill(index.first_.begin(), index.first_.end() - 1);
  index.items_.resize(items_.size());
  for (std::size_t i = 0; i < items_.size(); ++i) index.items_[fill[entry_of[i]]++] = items_[i];
  return index;
}

std::string_view BytesIndex::KeyOf(std::uint32_t entry) const {
  return std::string_view(blob_).substr(key_offsets_[entry],
                                        key_offsets_[entry + 1] - key_offsets_[entry]);
}

std::span<const std::uint32_t> BytesIndex::Find(std::string_view key) const {
  if (slots_.empty()) return {};
  const std::uint64_t hash = HashKey(key);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t pos = hash & mask;; pos = (pos + 1) & mask) {
    const Slot& slot = slots_[pos];
    if (slot.entry_plus_one == 0) return {};
    const std::uint32_t entry = slot.entry_plus_one - 1;
    if (slot.tag == tag && KeyOf(entry) == key) {
      return std::span<const std::uint32_t>(items_).subspan(first_[entry],
                                                            first_[entry + 1] - first_[entry]);
    }
  }
}

std::size_t BytesIndex::MemoryUsage() const {
  return blob_.capacity() + key_offsets_.capacity() * sizeof(std::uint64_t) +
         (first_.capacity() + items_.capacity()) * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(Slot);
}

}  // namespace shrike::match
