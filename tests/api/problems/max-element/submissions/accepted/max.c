int maxElement(int* nums, int numsSize)
{
	int best = nums[0];
	for (int i = 1; i < numsSize; i++)
		if (nums[i] > best)
			best = nums[i];
	return best;
}
