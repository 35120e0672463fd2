@_exported import ThresigTestSupport
