// A bounded multi-producer multi-consumer queue: the walker blocks when the
// workers fall behind, so memory stays bounded on trees of any size.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace shrike::files {

template <typename T>
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while full. Must not be called after Close().
  void Push(T item) {
    std::unique_lock lock(mu_);
    WaitForRoom(lock);
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }

  // Pushes a batch under one lock (one wake-up instead of one per item);
  // blocks while full, and may exceed the capacity by up to the batch size.
  void PushAll(std::vector<T>& batch) {
    std::unique_lock lock(mu_);
    WaitForRoom(lock);
    for (T& item : batch) items_.push_back(std::move(item));
    batch.clear();
    not_empty_.notify_all();
  }

  // Blocks while empty; nullopt once closed and drained.
  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    if (items_.size() <= capacity_ / 2) not_full_.notify_one();
    return item;
  }

  // Blocks while empty, then moves up to `max` items into `out` (appended);
  // false once closed and drained.
  bool PopAll(std::vector<T>& out, std::size_t max) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    for (std::size_t i = 0; i < max && !items_.empty(); ++i) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    if (items_.size() <= capacity_ / 2) not_full_.notify_all();
    return true;
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  // Once full, the producer waits for half the queue to drain: woken once per
  // capacity/2 items rather than once per item (that ping-pong cost ~3 futex
  // calls a file).
  void WaitForRoom(std::unique_lock<std::mutex>& lock) {
    if (items_.size() < capacity_) return;
    not_full_.wait(lock, [&] { return items_.size() <= capacity_ / 2; });
  }

  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace shrike::files
