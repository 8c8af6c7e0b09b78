{
  "targets": [{
    "target_name": "genlab_dnnl",
    "sources": ["genlab_dnnl.cc"],
    "libraries": ["-ldnnl"],
    "cflags_cc!": ["-fno-exceptions"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-O2"]
  }]
}
