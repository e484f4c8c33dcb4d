# SPDX-License-Identifier: GPL-3.0-or-later
# tones.praat — F0 track of a WAV file for bench/tones: "time f0" per 10 ms
# frame (voiced frames only), Praat's autocorrelation pitch tracker.
form F0 track
    sentence wav
    real floor 60
    real ceiling 500
endform
Read from file: wav$
To Pitch: 0.01, floor, ceiling
n = Get number of frames
for i to n
    t = Get time from frame number: i
    f = Get value in frame: i, "Hertz"
    if f <> undefined
        appendInfoLine: fixed$(t, 3), " ", fixed$(f, 1)
    endif
endfor
