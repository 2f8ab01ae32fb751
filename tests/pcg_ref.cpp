/*
 * pcg_ref.cpp - reference outputs of pcg32 from Debian's pcg_random.hpp
 * (package libpcg-cpp-dev), for tests/test_rng.c to compare with sgf_rng.
 *
 * It prints a line-oriented script to stdout.  Each command line names the
 * operation it applied to its generator; the C test replays the same
 * operation on an sgf_rng and checks every value printed:
 *
 *   seed S Q          pcg32 rng(S, Q)                 (decimal uint64)
 *   state M INC ST    `operator<<` of the engine: multiplier, increment, state
 *   u32 N             followed by N lines, rng() as 8 hex digits
 *   bounded B N       followed by N lines, rng(B) in decimal
 *   advance D / backstep D / discard D   the engine member of that name
 *   end COUNT         COUNT = number of value lines printed in total
 *
 * The schedule is fixed (no clock, no std::random_device), so the output is
 * identical on every run; it totals a little over 10^6 values.
 */
#include <pcg_random.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>

namespace {

std::uint64_t g_count = 0;

void print_state(const pcg32 &rng)
{
    std::ostringstream os;
    os << rng;
    std::printf("state %s\n", os.str().c_str());
}

void draw(pcg32 &rng, unsigned n)
{
    std::printf("u32 %u\n", n);
    for (unsigned i = 0; i < n; ++i) {
        std::printf("%08" PRIx32 "\n", static_cast<std::uint32_t>(rng()));
    }
    g_count += n;
}

void draw_bounded(pcg32 &rng, std::uint32_t bound, unsigned n)
{
    std::printf("bounded %" PRIu32 " %u\n", bound, n);
    for (unsigned i = 0; i < n; ++i) {
        std::printf("%" PRIu32 "\n", static_cast<std::uint32_t>(rng(bound)));
    }
    g_count += n;
}

void advance(pcg32 &rng, std::uint64_t d)
{
    std::printf("advance %" PRIu64 "\n", d);
    rng.advance(d);
}

void backstep(pcg32 &rng, std::uint64_t d)
{
    std::printf("backstep %" PRIu64 "\n", d);
    rng.backstep(d);
}

void discard(pcg32 &rng, std::uint64_t d)
{
    std::printf("discard %" PRIu64 "\n", d);
    rng.discard(d);
}

/* Local splitmix64 used only to pick jump distances for the schedule. */
std::uint64_t next_delta(std::uint64_t &x)
{
    std::uint64_t z = (x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

void run_case(std::uint64_t seed, std::uint64_t stream)
{
    std::printf("seed %" PRIu64 " %" PRIu64 "\n", seed, stream);
    pcg32 rng(seed, stream);
    print_state(rng);

    draw(rng, 1000);
    advance(rng, 0);
    draw(rng, 3);
    backstep(rng, 1003); /* back to the first output */
    draw(rng, 10);
    print_state(rng);
    advance(rng, 1);
    draw(rng, 5);
    discard(rng, 1000);
    draw(rng, 5);
    advance(rng, (UINT64_C(1) << 32) + 5);
    draw(rng, 5);
    advance(rng, UINT64_C(1) << 63);
    draw(rng, 5);
    advance(rng, UINT64_MAX); /* = one step back */
    draw(rng, 5);
    backstep(rng, UINT64_C(123456789012345));
    draw(rng, 5);
    print_state(rng);

    std::uint64_t x = seed ^ (stream << 1);
    for (int i = 0; i < 200; ++i) {
        std::uint64_t d = next_delta(x);
        switch (i % 4) {
        case 0: advance(rng, d); break;
        case 1: backstep(rng, d >> (d & 63)); break;
        case 2: discard(rng, d & 0xffff); break;
        default: advance(rng, UINT64_C(0) - (d & 0xfff)); break;
        }
        draw(rng, 4);
        if (i % 20 == 0) {
            print_state(rng);
        }
    }

    static const std::uint32_t bounds[] = {
        1u, 2u, 3u, 6u, 7u, 52u, 1000u, 65536u, 0x7fffffffu, 0x80000000u,
        0x80000001u, 3u << 30, 0xaaaaaaabu, 0xfffffffeu, 0xffffffffu,
    };
    for (std::uint32_t b : bounds) {
        draw_bounded(rng, b, 2000);
    }
    print_state(rng);

    draw(rng, 90000);
    print_state(rng);
}

} // namespace

int main()
{
    static const std::uint64_t cases[][2] = {
        {42u, 54u},
        {0u, 0u},
        {1u, 1u},
        {UINT64_MAX, UINT64_MAX},
        {UINT64_C(0x853c49e6748fea9b), UINT64_C(0xda3e39cb94b95bdb)},
        {UINT64_C(0xcafef00dd15ea5e5), UINT64_C(1) << 63}, /* top bit dropped */
        {UINT64_C(123456789), UINT64_C(987654321)},
        {UINT64_C(1) << 63, 7u},
        {UINT64_C(0x0123456789abcdef), UINT64_C(0xfedcba9876543210)},
    };
    for (const auto &c : cases) {
        run_case(c[0], c[1]);
    }
    std::printf("end %" PRIu64 "\n", g_count);
    return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 1;
}
