console.log("build:geo: not yet");
