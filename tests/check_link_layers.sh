#!/usr/bin/env bash
# check_link_layers.sh BUILD_DIR: the link-level half of the layer rule. No
# symbol a layer's library leaves undefined may be defined by a library of a
# layer above it (base < model < io < explore), so a call that reaches up is
# caught even where no include line shows it.
set -uo pipefail
dir=${1:?usage: check_link_layers.sh BUILD_DIR}
layers=(base model io explore)
nm_=$(command -v gcc-nm || command -v nm)
defined() { "$nm_" --defined-only -g "$dir/libsgf$1.a" 2>/dev/null | awk 'NF == 3 {print $3}' | sort -u; }
undefined() { "$nm_" -u "$dir/libsgf$1.a" 2>/dev/null | awk '{print $NF}' | sort -u; }
for l in "${layers[@]}"; do
  [[ -f $dir/libsgf$l.a ]] || { echo "check_link_layers: $dir/libsgf$l.a missing"; exit 2; }
done
bad=0
for ((i = 0; i < ${#layers[@]}; i++)); do
  low=${layers[i]}
  for ((j = i + 1; j < ${#layers[@]}; j++)); do
    high=${layers[j]}
    hits=$(comm -12 <(undefined "$low") <(defined "$high"))
    if [[ -n $hits ]]; then
      while read -r sym; do echo "libsgf$low.a uses $sym of libsgf$high.a: $low reaches up to $high"; done <<<"$hits"
      bad=1
    fi
  done
done
n=$(for l in "${layers[@]}"; do defined "$l"; done | wc -l)
echo "check_link_layers: ${#layers[@]} libraries, $n symbols defined, $([[ $bad == 0 ]] && echo no || echo some) calls reaching up"
exit $bad
