"""What bench/perf-parts.py and bench/perf-post-layers.py share: reading the samples of `perf script` output (of a
`perf record -g` taken with DOTNET_PerfMapEnabled=1, so JIT-compiled frames are named), charging each to the first
frame, leaf upwards, that a rule names, and printing the counts as a Markdown table."""
import collections, re

def compile_rules(rules):
    """(name, regex text) pairs as (name, compiled regex), in order."""
    return [(name, re.compile(pattern)) for name, pattern in rules]

def stacks(lines):
    """Each sample's frames, leaf first: the indented lines of a block; blocks end at a blank line."""
    stack = []
    for line in lines:
        if not line.strip():
            if stack: yield stack
            stack = []
        elif line[0] in " \t":
            stack.append(line.strip())
    if stack: yield stack

def first_named(stack, rules):
    """The name of the first rule that the first frame, leaf upwards, matching any rule matches; None if no frame does."""
    for frame in stack:
        for name, rx in rules:
            if rx.search(frame): return name
    return None

def count(lines, charge):
    """The samples counted by the name charge(stack) gives each, and how many there were."""
    counts = collections.Counter(); total = 0
    for stack in stacks(lines):
        total += 1
        counts[charge(stack)] += 1
    return counts, total

def print_table(counts, total, heading, share, us=None):
    """A Markdown table, largest first: each name's share of the samples and, given the CPU µs per request, its µs."""
    print(f"| {heading} | {share} |" + (" CPU µs per POST |" if us else ""))
    print("|---|---:|" + ("---:|" if us else ""))
    for name, n in counts.most_common():
        print(f"| {name} | {100.0*n/total:.1f} % |" + (f" {us*n/total:.0f} |" if us else ""))
    print(f"\n{total} samples")
