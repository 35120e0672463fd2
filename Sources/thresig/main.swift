print("thresig")
