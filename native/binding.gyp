{
  "targets": [{
    "target_name": "genlab_dnnl",
    "sources": ["genlab_dnnl.cc", "elementwise.cc"],
    "libraries": ["-ldnnl", "-fopenmp", "-lmvec"],
    "cflags_cc!": ["-fno-exceptions"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-O2", "-fopenmp", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"]
  }]
}
